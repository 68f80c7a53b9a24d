package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

/** Ends one watch of the room; needs no caller, because the watch it balances was already authorized. */
public record UnwatchRoomCommand(RoomId roomId) {

    public UnwatchRoomCommand {
        Objects.requireNonNull(roomId, "roomId");
    }
}
