package io.chatservice.application.port.in;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;

public record AddMemberCommand(Caller caller, RoomId roomId, UserId userId) {

    public AddMemberCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(userId, "userId");
    }
}
