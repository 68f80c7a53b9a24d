package io.chatservice.domain.shared;

/**
 * A rule of the chat domain was broken. Subclasses say which kind of rule, so that every adapter can
 * map them to its own error vocabulary (problem details, STOMP error frames) without string matching.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }

    /** Stack traces of rule violations are noise: they are expected outcomes, not bugs. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
