package io.chatservice.application.port.in;

/** Moves the caller's read marker forward to a message; it never moves backwards. */
public interface MarkReadUseCase {

    UnreadStatus markRead(MarkReadCommand command);
}
