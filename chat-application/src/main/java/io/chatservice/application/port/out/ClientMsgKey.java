package io.chatservice.application.port.out;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;

/** What makes a send idempotent: the sender's clientMsgId is unique within a room. */
public record ClientMsgKey(RoomId roomId, UserId sender, ClientMsgId clientMsgId) {

    public ClientMsgKey {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(clientMsgId, "clientMsgId");
    }
}
