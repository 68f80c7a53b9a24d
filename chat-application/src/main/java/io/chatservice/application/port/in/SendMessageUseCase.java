package io.chatservice.application.port.in;

/**
 * Sends a text message. Returns only after the message is committed. Idempotent on
 * {@code (room, caller, clientMsgId)}: a repeated send returns the original message, marked duplicate.
 */
public interface SendMessageUseCase {

    SendResult sendMessage(SendMessageCommand command);
}
