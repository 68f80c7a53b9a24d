package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatservice.domain.message.Message;
import org.jspecify.annotations.Nullable;

/** The {@code message} object of the contract, the same in REST responses and in STOMP room events. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MessageResponse(
        String messageId,
        String roomId,
        long seq,
        String senderId,
        @Nullable String senderName,
        @Nullable String clientMsgId,
        String type,
        @Nullable String content,
        String createdAt,
        @Nullable String editedAt,
        boolean deleted,
        long lastEventSeq) {

    static MessageResponse of(Message message) {
        return new MessageResponse(
                message.id().value(),
                message.roomId().value(),
                message.seq(),
                message.senderId().value(),
                message.senderName(),
                message.clientMsgId() == null ? null : message.clientMsgId().value(),
                message.type().name(),
                message.content() == null ? null : message.content().value(),
                Timestamps.format(message.createdAt()),
                Timestamps.formatNullable(message.editedAt()),
                message.deleted(),
                message.lastEventSeq());
    }
}
