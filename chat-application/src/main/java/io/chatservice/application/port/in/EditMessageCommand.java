package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record EditMessageCommand(Caller caller, RoomId roomId, MessageId messageId, MessageContent content) {

    public EditMessageCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(content, "content");
    }
}
