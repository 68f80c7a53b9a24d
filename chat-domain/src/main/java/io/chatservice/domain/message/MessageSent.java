package io.chatservice.domain.message;

import java.time.Instant;
import java.util.Objects;

/** A text message was saved. */
public record MessageSent(Message message) implements RoomEvent {

    public MessageSent {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public Instant occurredAt() {
        return message.createdAt();
    }
}
