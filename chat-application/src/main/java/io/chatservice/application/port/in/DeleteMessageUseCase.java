package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;

/**
 * The author or a room OWNER soft-deletes a message. Returns the tombstone; deleting a deleted message
 * returns it unchanged and records no event.
 */
public interface DeleteMessageUseCase {

    Message deleteMessage(DeleteMessageCommand command);
}
