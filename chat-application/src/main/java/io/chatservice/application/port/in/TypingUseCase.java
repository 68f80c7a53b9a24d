package io.chatservice.application.port.in;

/** Tells the room's members that the caller started or stopped typing. Stores nothing. */
public interface TypingUseCase {

    void typing(TypingCommand command);
}
