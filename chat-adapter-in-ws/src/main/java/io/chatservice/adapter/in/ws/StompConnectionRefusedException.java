package io.chatservice.adapter.in.ws;

/**
 * Ends the connection with an ERROR frame ({@link StompErrorHandler}): thrown from the inbound channel, which
 * makes Spring's STOMP handler send the frame and close. Only for what leaves nothing to talk about on this
 * connection: no valid token, no CONNECT yet, a second CONNECT, a user past their connections, a client flooding its
 * own queue, a CONNECT while the instance shuts down.
 */
final class StompConnectionRefusedException extends RuntimeException {

    static final StompConnectionRefusedException NOT_CONNECTED = new StompConnectionRefusedException(
            ErrorCode.UNAUTHORIZED, "CONNECT with a valid bearer token first");

    static final StompConnectionRefusedException ALREADY_CONNECTED = new StompConnectionRefusedException(
            ErrorCode.VALIDATION_FAILED, "this connection is already connected; CONNECT only once");

    static final StompConnectionRefusedException TOO_MANY_CONNECTIONS = new StompConnectionRefusedException(
            ErrorCode.TOO_MANY_CONNECTIONS,
            "this user has as many connections open as allowed; close one before connecting again");

    static final StompConnectionRefusedException SHUTTING_DOWN = new StompConnectionRefusedException(
            ErrorCode.SERVER_SHUTTING_DOWN, "this server is shutting down; reconnect to be served by another one");

    private final StompError error;

    StompConnectionRefusedException(ErrorCode code, String message) {
        this(new StompError(code, message));
    }

    StompConnectionRefusedException(StompError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    static StompConnectionRefusedException unauthorized(String message) {
        return new StompConnectionRefusedException(ErrorCode.UNAUTHORIZED, message);
    }

    StompError error() {
        return error;
    }
}
