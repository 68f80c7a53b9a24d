package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.Objects;

/** @param online the room's members who are online now, ordered by user id */
public record RoomPresence(RoomId roomId, List<UserId> online) {

    public RoomPresence {
        Objects.requireNonNull(roomId, "roomId");
        online = List.copyOf(online);
    }
}
