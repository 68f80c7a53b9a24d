package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;
import java.util.Objects;

/** @param duplicate true when the clientMsgId had been sent before and {@code message} is the original */
public record SendResult(Message message, boolean duplicate) {

    public SendResult {
        Objects.requireNonNull(message, "message");
    }
}
