package io.chatservice.domain.message;

import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A member left or was removed; the message is the LEAVE record naming them as sender.
 *
 * @param removedBy the owner who removed the member, or {@code null} when they left by themselves
 * @param newOwner the member who became owner because the last owner left, if that happened
 */
public record MemberLeft(Message message, @Nullable UserId removedBy, @Nullable UserId newOwner) implements RoomEvent {

    public MemberLeft {
        if (message.type() != MessageType.LEAVE) {
            throw new IllegalArgumentException("MemberLeft carries a LEAVE message");
        }
    }

    public UserId member() {
        return message.senderId();
    }

    @Override
    public Instant occurredAt() {
        return message.createdAt();
    }
}
