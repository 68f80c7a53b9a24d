package io.chatservice.application.port.in;

/**
 * A real-time use case (watching a room, typing, presence) could not reach what carries live state between
 * instances (Redis). Nothing stored is affected; the caller may try again later.
 */
public class RealtimeUnavailableException extends RuntimeException {

    public RealtimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
