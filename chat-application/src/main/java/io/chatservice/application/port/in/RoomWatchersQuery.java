package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;
import java.util.Set;

/** The users who watch a room on this instance, to be checked against the room's current members. */
public record RoomWatchersQuery(RoomId roomId, Set<UserId> watchers) {

    public RoomWatchersQuery {
        Objects.requireNonNull(roomId, "roomId");
        watchers = Set.copyOf(watchers);
    }
}
