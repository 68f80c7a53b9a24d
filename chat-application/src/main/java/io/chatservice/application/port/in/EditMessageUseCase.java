package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;

/** The author replaces a message's text; a deleted message cannot be edited. Returns the edited message. */
public interface EditMessageUseCase {

    Message editMessage(EditMessageCommand command);
}
