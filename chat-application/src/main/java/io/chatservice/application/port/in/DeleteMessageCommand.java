package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record DeleteMessageCommand(Caller caller, RoomId roomId, MessageId messageId) {

    public DeleteMessageCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(messageId, "messageId");
    }
}
