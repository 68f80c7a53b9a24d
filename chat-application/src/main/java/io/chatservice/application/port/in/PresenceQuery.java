package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record PresenceQuery(Caller caller, RoomId roomId) {

    public PresenceQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
    }
}
