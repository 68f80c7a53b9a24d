package io.chatservice.application.port.out;

/**
 * The channel that carries broadcasts between instances (Redis) cannot be reached. Nothing stored is affected:
 * live delivery is late or missing until it is back, and clients catch up by sync.
 */
public class BroadcastUnavailableException extends RuntimeException {

    public BroadcastUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
