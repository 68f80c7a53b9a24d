package io.chatservice.it.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the running server: real sockets, real headers, real JSON, nothing of Spring MVC's
 * test machinery in between, so what these tests see is what a client would see.
 */
public final class ApiClient {

    static final String V1 = "/api/v1";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One client for the whole run: each holds a selector thread. HTTP/1.1, as the server speaks cleartext. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final Tokens tokens;

    public ApiClient(int port, Tokens tokens) {
        this.base = URI.create("http://localhost:" + port);
        this.tokens = tokens;
    }

    public Tokens tokens() {
        return tokens;
    }

    /**
     * A user nobody has been before: the database outlives the run, so ids are random. The label becomes the
     * display name ({@code name} claim) and the start of the id, which keeps failures readable.
     */
    public ApiUser newUser(String label) {
        String id = label + "-" + UUID.randomUUID().toString().substring(0, 13);
        return new ApiUser(this, id, tokens.valid(id, label));
    }

    /** The same user id with another token, say one the dev-token endpoint issued. */
    public ApiUser userWithToken(String id, String token) {
        return new ApiUser(this, id, token);
    }

    /** A request to {@code path} (absolute, e.g. {@code /api/v1/rooms}) that asks for JSON, without a token. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
    }

    public ApiResponse call(String method, String path, @Nullable String token, @Nullable String jsonBody) {
        HttpRequest.Builder request = request(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return send(request.build());
    }

    public ApiResponse send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(
                    request.method() + " " + request.uri().getRawPath()
                            + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()),
                    response.statusCode(),
                    response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("request " + request + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request, e);
        }
    }

    /**
     * Sends {@code method rawTarget} exactly as written, over a plain socket: java.net.http refuses targets
     * that are not valid URIs, and such targets (an unencoded {@code |} in an id) are what this is for.
     */
    public ApiResponse rawRequest(String method, String rawTarget, @Nullable String token) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String request = method + " " + rawTarget + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Accept: application/json\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = answer.indexOf("\r\n\r\n");
            String[] head = answer.substring(0, headerEnd).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.computeIfAbsent(head[i].substring(0, colon).trim(), name -> new ArrayList<>())
                        .add(head[i].substring(colon + 1).trim());
            }
            String body = dechunk(answer.substring(headerEnd + 4), headers);
            return new ApiResponse(method + " " + rawTarget, status, HttpHeaders.of(headers, (name, value) -> true),
                    body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("raw request " + method + " " + rawTarget + " failed", e);
        }
    }

    /** Small bodies only: enough for the problem documents this is used to read. */
    private static String dechunk(String body, Map<String, List<String>> headers) {
        boolean chunked = headers.entrySet().stream()
                .anyMatch(header -> header.getKey().equalsIgnoreCase("Transfer-Encoding")
                        && header.getValue().contains("chunked"));
        if (!chunked) {
            return body;
        }
        StringBuilder content = new StringBuilder();
        int position = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", position);
            int size = Integer.parseInt(body.substring(position, lineEnd).trim(), 16);
            if (size == 0) {
                return content.toString();
            }
            content.append(body, lineEnd + 2, lineEnd + 2 + size);
            position = lineEnd + 2 + size + 2;
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
