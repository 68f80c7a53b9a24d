package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

public record MarkReadCommand(Caller caller, RoomId roomId, MessageId lastReadMessageId) {

    public MarkReadCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(lastReadMessageId, "lastReadMessageId");
    }
}
