package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record WatchRoomCommand(Caller caller, RoomId roomId) {

    public WatchRoomCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
    }
}
