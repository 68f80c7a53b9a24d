package io.chatservice.application.port.in;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;

/** @param type what the client asked to send; only TEXT may be sent, JOIN and LEAVE are the system's */
public record SendMessageCommand(
        Caller caller, RoomId roomId, ClientMsgId clientMsgId, MessageContent content, MessageType type) {

    public SendMessageCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(type, "type");
        if (type != MessageType.TEXT) {
            throw new InvalidInputException("only TEXT messages can be sent; " + type + " messages are the system's");
        }
    }

    public SendMessageCommand(Caller caller, RoomId roomId, ClientMsgId clientMsgId, MessageContent content) {
        this(caller, roomId, clientMsgId, content, MessageType.TEXT);
    }
}
