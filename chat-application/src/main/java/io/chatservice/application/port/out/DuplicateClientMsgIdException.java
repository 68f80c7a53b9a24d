package io.chatservice.application.port.out;

/** The unique constraint on (room, sender, clientMsgId) refused an insert. */
public class DuplicateClientMsgIdException extends RuntimeException {

    public DuplicateClientMsgIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
