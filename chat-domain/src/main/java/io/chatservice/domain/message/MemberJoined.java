package io.chatservice.domain.message;

import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.Objects;

/** A member joined or was added; the message is the JOIN record naming them as sender. */
public record MemberJoined(Message message) implements RoomEvent {

    public MemberJoined {
        if (message.type() != MessageType.JOIN) {
            throw new IllegalArgumentException("MemberJoined carries a JOIN message");
        }
    }

    public UserId member() {
        return message.senderId();
    }

    @Override
    public Instant occurredAt() {
        return Objects.requireNonNull(message.createdAt());
    }
}
