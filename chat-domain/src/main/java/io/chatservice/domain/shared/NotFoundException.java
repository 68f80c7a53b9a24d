package io.chatservice.domain.shared;

/** The thing named does not exist, or does not exist where the caller looked for it. */
public class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super(message);
    }
}
