package io.chatservice.domain.shared;

/** Input that can never be valid, whoever sends it (empty content, a name too long). */
public class InvalidInputException extends DomainException {

    public InvalidInputException(String message) {
        super(message);
    }
}
