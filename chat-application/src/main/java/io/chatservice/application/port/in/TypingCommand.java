package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record TypingCommand(Caller caller, RoomId roomId, boolean typing) {

    public TypingCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
    }
}
