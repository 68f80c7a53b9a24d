package io.chatservice.domain.shared;

/** The actor is known but not allowed to do this (not a member, not the author, not the owner). */
public class PermissionDeniedException extends DomainException {

    public PermissionDeniedException(String message) {
        super(message);
    }
}
