package io.chatservice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST calls the scenarios need, over the JDK's HttpClient. Any unexpected status is an exception. */
final class ChatApi {

    record SentMessage(String messageId, long seq) {}

    record SyncPage(List<String> messageIds, long lastSeq, boolean hasMore) {}

    private final HttpClient http;
    private final URI base;
    private final JsonMapper json;
    private final Duration timeout;
    private final @Nullable Hs256Tokens minter;
    private final AtomicLong busyRetries = new AtomicLong();

    ChatApi(HttpClient http, URI base, JsonMapper json, Duration timeout, @Nullable Hs256Tokens minter) {
        this.http = http;
        this.base = base;
        this.json = json;
        this.timeout = timeout;
        this.minter = minter;
    }

    /** Minted locally with --secret, otherwise from the server's POST /api/dev/tokens. */
    String token(String userId) throws IOException, InterruptedException {
        if (minter != null) {
            return minter.mint(userId, userId, Instant.now());
        }
        JsonNode answer = setUpCall("POST", "/api/dev/tokens", null,
                "{\"userId\":" + Hs256Tokens.jsonString(userId) + ",\"name\":" + Hs256Tokens.jsonString(userId) + "}",
                200);
        return answer.get("token").asString();
    }

    String createRoom(String token, String name) throws IOException, InterruptedException {
        return setUpCall("POST", "/api/v1/rooms", token,
                "{\"name\":" + Hs256Tokens.jsonString(name) + ",\"visibility\":\"PUBLIC\"}", 201)
                .get("roomId").asString();
    }

    void join(String token, String roomId) throws IOException, InterruptedException {
        setUpCall("POST", "/api/v1/rooms/" + roomId + "/join", token, null, 200, 201, 204);
    }

    SentMessage send(String token, String roomId, String clientMsgId, String content)
            throws IOException, InterruptedException {
        JsonNode message = setUpCall("POST", "/api/v1/rooms/" + roomId + "/messages", token,
                "{\"clientMsgId\":" + Hs256Tokens.jsonString(clientMsgId) + ",\"content\":"
                        + Hs256Tokens.jsonString(content) + "}",
                201);
        return new SentMessage(message.get("messageId").asString(), message.get("seq").asLong());
    }

    /** One page of reconnect sync: {@code after} a message id for the first page, {@code sinceSeq} for the next. */
    SyncPage sync(String token, String roomId, @Nullable String afterMessageId, long sinceSeq, int limit)
            throws IOException, InterruptedException {
        String query = afterMessageId != null
                ? "after=" + URLEncoder.encode(afterMessageId, StandardCharsets.UTF_8)
                : "sinceSeq=" + sinceSeq;
        JsonNode page = call("GET", "/api/v1/rooms/" + roomId + "/messages?" + query + "&limit=" + limit, token, null,
                200);
        List<String> ids = new ArrayList<>();
        page.get("messages").forEach(message -> ids.add(message.get("messageId").asString()));
        return new SyncPage(ids, page.get("lastSeq").asLong(), page.get("hasMore").asBoolean());
    }

    /** The body of GET {@code uri} (an actuator endpoint, say), or null if it answers anything but 200. */
    @Nullable JsonNode getOrNull(URI uri, @Nullable String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Busy answers (503, 429) seen by set-up calls and retried after a pause. */
    long busyRetries() {
        return busyRetries.get();
    }

    /**
     * A set-up call (token, room, join, a message sent over REST before the measured part): a busy answer is
     * repeated after a pause (see {@link Backoff}) rather than failing the run. Measured calls use {@link #call}.
     */
    private JsonNode setUpCall(String method, String path, @Nullable String token, @Nullable String body,
            int... expected) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call(method, path, token, body, expected);
            } catch (BusyAnswer busy) {
                if (attempt >= Backoff.MAX_ATTEMPTS) {
                    throw busy;
                }
                busyRetries.incrementAndGet();
                Thread.sleep(Backoff.pause(attempt, busy.retryAfter));
            }
        }
    }

    /** The server answered 503 or 429: it is busy, not wrong. */
    static final class BusyAnswer extends IOException {
        final @Nullable String retryAfter;

        BusyAnswer(String message, @Nullable String retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }
    }

    private JsonNode call(String method, String path, @Nullable String token, @Nullable String body, int... expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
            }
        }
        String answer = response.body();
        String complaint = method + " " + path + " answered " + response.statusCode() + ": "
                + (answer.length() > 300 ? answer.substring(0, 300) + "…" : answer);
        if (Backoff.isBusy(response.statusCode())) {
            throw new BusyAnswer(complaint, response.headers().firstValue("Retry-After").orElse(null));
        }
        throw new IOException(complaint);
    }
}
