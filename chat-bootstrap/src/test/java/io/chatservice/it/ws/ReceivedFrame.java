package io.chatservice.it.ws;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One frame as the server sent it: its STOMP headers and its body, kept as bytes so a test can compare bodies
 * exactly, and parsed as JSON on demand (every body this API sends is JSON).
 */
public record ReceivedFrame(StompHeaders headers, byte[] body) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed; a missing node when the body is empty, a failure when it is not JSON. */
    public JsonNode json() {
        return body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
    }

    public @Nullable String header(String name) {
        return headers.getFirst(name);
    }

    /** Shorthand for a field of the JSON body that holds a string: {@code null} when absent or JSON null. */
    public @Nullable String field(String name) {
        JsonNode value = json().path(name);
        return value.isString() ? value.asString() : null;
    }

    /** The {@code message.messageId} of a room event envelope, or of an ack's {@code messageId}. */
    public @Nullable String messageId() {
        JsonNode body = json();
        JsonNode id = body.has("message") ? body.path("message").path("messageId") : body.path("messageId");
        return id.isString() ? id.asString() : null;
    }

    public long seq() {
        return json().path("seq").longValue();
    }

    @Override
    public String toString() {
        return headers + " " + text();
    }
}
