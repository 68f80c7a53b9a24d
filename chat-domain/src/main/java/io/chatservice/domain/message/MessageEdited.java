package io.chatservice.domain.message;

import java.time.Instant;
import java.util.Objects;

/** A text message got new content; the message carries it and its {@code editedAt}. */
public record MessageEdited(Message message) implements RoomEvent {

    public MessageEdited {
        Objects.requireNonNull(message.editedAt(), "an edited message has editedAt");
    }

    @Override
    public Instant occurredAt() {
        return Objects.requireNonNull(message.editedAt());
    }
}
