package io.chatservice.domain.shared;

/** The request is well formed and allowed, but the current state forbids it (editing a deleted message). */
public class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
