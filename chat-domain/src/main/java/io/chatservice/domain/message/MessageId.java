package io.chatservice.domain.message;

import io.chatservice.domain.shared.Identifiers;

/** An opaque message id, unique across rooms; the service creates them as time-ordered UUIDs. */
public record MessageId(String value) {

    public static final int MAX_LENGTH = 64;

    public MessageId {
        Identifiers.requireAddressableId(value, "message id", MAX_LENGTH);
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    public static MessageId newId() {
        return new MessageId(Identifiers.timeOrderedUuid());
    }

    @Override
    public String toString() {
        return value;
    }
}
