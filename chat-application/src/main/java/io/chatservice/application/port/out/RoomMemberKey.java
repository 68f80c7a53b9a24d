package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;

/** One user's access to one room, as asked of {@link RoomAccessPort#lockAllForAppend}. */
public record RoomMemberKey(RoomId roomId, UserId user) {

    public RoomMemberKey {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(user, "user");
    }
}
