package io.chatservice.adapter.in.ws;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON bodies the adapter itself writes, field by field in the order of the contract: acks on
 * {@code /user/queue/acks}, errors on {@code /user/queue/errors} and in ERROR frames.
 */
final class Replies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Replies() {
    }

    enum AckStatus {
        ACCEPTED,
        DUPLICATE
    }

    /** Every field always written; {@code clientMsgId} is null for an edit or delete that carried none. */
    static byte[] ack(@Nullable String clientMsgId, String messageId, long seq, AckStatus status) {
        ObjectNode ack = JSON.createObjectNode();
        if (clientMsgId == null) {
            ack.putNull("clientMsgId");
        } else {
            ack.put("clientMsgId", clientMsgId);
        }
        ack.put("messageId", messageId);
        ack.put("seq", seq);
        ack.put("status", status.name());
        return JSON.writeValueAsBytes(ack);
    }

    /** The optional fields are left out when they do not apply. */
    static byte[] error(
            StompError error,
            @Nullable String clientMsgId,
            @Nullable String destination,
            @Nullable String subscriptionId) {
        ObjectNode body = JSON.createObjectNode();
        if (clientMsgId != null) {
            body.put("clientMsgId", clientMsgId);
        }
        body.put("code", error.code().name());
        body.put("message", error.message());
        if (error.retryAfterMs() != null) {
            body.put("retryAfterMs", error.retryAfterMs());
        }
        if (destination != null) {
            body.put("destination", destination);
        }
        if (subscriptionId != null) {
            body.put("subscriptionId", subscriptionId);
        }
        return JSON.writeValueAsBytes(body);
    }
}
