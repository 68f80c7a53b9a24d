package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record UnreadQuery(Caller caller, RoomId roomId) {

    public UnreadQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
    }
}
