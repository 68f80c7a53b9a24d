package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record GetRoomQuery(Caller caller, RoomId roomId) {

    public GetRoomQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
    }
}
