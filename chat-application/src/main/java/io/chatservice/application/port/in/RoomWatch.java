package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

/** @param lastSeq the room's last seq when the watch started: live broadcasts continue after it */
public record RoomWatch(RoomId roomId, long lastSeq) {

    public RoomWatch {
        Objects.requireNonNull(roomId, "roomId");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative");
        }
    }
}
