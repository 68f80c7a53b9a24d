package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something every subscriber of a room should see, already encoded as the JSON body clients receive (the wire
 * envelope of the public API). It is encoded once, where the event is published, and travels between instances
 * as is: no instance and no subscriber encodes it again.
 *
 * @param seq the room event's seq; 0 for ephemeral broadcasts, which have no place in the timeline
 * @param departedMember for {@code MEMBER_LEFT}: the user who is no longer a member and must stop receiving the
 *     room's broadcasts once they have seen this one
 * @param json the body clients receive, UTF-8 JSON
 */
public record RoomBroadcast(RoomId roomId, Kind kind, long seq, @Nullable UserId departedMember, String json) {

    public enum Kind {
        /** A persisted room event with its seq; delivered in seq order, once. */
        ROOM_EVENT,
        /** {@code {userId, typing}}; not stored, never retried, first to be dropped for a slow client. */
        TYPING,
        /** {@code {userId, online}}: a member came online or went offline; ephemeral like typing. */
        PRESENCE
    }

    public RoomBroadcast {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(json, "json");
        if (kind == Kind.ROOM_EVENT && seq < 1) {
            throw new IllegalArgumentException("a room event has a seq of 1 or more");
        }
        if (kind != Kind.ROOM_EVENT && (seq != 0 || departedMember != null)) {
            throw new IllegalArgumentException("an ephemeral broadcast has no seq and no departed member");
        }
    }
}
