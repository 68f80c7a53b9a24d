package io.chatservice.it.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the running server: real sockets, real headers, real JSON, nothing of Spring MVC's
 * test machinery in between, so what these tests see is what a client would see.
 */
final class ApiClient {

    static final String V1 = "/api/v1";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One client for the whole run: each holds a selector thread. HTTP/1.1, as the server speaks cleartext. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final Tokens tokens;

    ApiClient(int port, Tokens tokens) {
        this.base = URI.create("http://localhost:" + port);
        this.tokens = tokens;
    }

    Tokens tokens() {
        return tokens;
    }

    /**
     * A user nobody has been before: the database outlives the run, so ids are random. The label becomes the
     * display name ({@code name} claim) and the start of the id, which keeps failures readable.
     */
    ApiUser newUser(String label) {
        String id = label + "-" + UUID.randomUUID().toString().substring(0, 13);
        return new ApiUser(this, id, tokens.valid(id, label));
    }

    /** The same user id with another token, say one the dev-token endpoint issued. */
    ApiUser userWithToken(String id, String token) {
        return new ApiUser(this, id, token);
    }

    /** A request to {@code path} (absolute, e.g. {@code /api/v1/rooms}) that asks for JSON, without a token. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
    }

    ApiResponse call(String method, String path, @Nullable String token, @Nullable String jsonBody) {
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

    ApiResponse send(HttpRequest request) {
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

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
