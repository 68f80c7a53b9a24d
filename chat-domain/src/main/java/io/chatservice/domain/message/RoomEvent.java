package io.chatservice.domain.message;

import io.chatservice.domain.shared.RoomId;
import java.time.Instant;

/**
 * A persisted change in a room. Every room event has the room's next {@code seq}: 1, 2, 3, … with no gap,
 * assigned in commit order. Each event changes exactly one message (membership changes are recorded as
 * JOIN and LEAVE messages), which is why the event is derived from the message it carries.
 */
public sealed interface RoomEvent permits MessageSent, MessageEdited, MessageDeleted, MemberJoined, MemberLeft {

    /** The message as it is after this event. */
    Message message();

    default RoomId roomId() {
        return message().roomId();
    }

    default long seq() {
        return message().lastEventSeq();
    }

    Instant occurredAt();
}
