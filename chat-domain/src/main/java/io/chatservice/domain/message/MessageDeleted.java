package io.chatservice.domain.message;

import java.time.Instant;
import java.util.Objects;

/** A text message was soft-deleted; the message is its tombstone. */
public record MessageDeleted(Message message) implements RoomEvent {

    public MessageDeleted {
        Objects.requireNonNull(message.deletedAt(), "a tombstone has deletedAt");
    }

    @Override
    public Instant occurredAt() {
        return Objects.requireNonNull(message.deletedAt());
    }
}
