package io.chatservice.domain.message;

import io.chatservice.domain.shared.Identifiers;

/**
 * The id a client gives its own send, 1 to 64 characters. Together with room and sender it makes a send
 * idempotent: retrying with the same value returns the original message instead of a second one.
 */
public record ClientMsgId(String value) {

    public static final int MAX_LENGTH = 64;

    public ClientMsgId {
        Identifiers.requireOpaqueId(value, "clientMsgId", MAX_LENGTH);
    }

    public static ClientMsgId of(String value) {
        return new ClientMsgId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
