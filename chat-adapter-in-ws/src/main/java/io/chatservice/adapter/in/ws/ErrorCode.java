package io.chatservice.adapter.in.ws;

/**
 * The stable {@code code} of an error on {@code /user/queue/errors}, and the {@code message} header of an ERROR
 * frame. Clients switch on it; the names are those of the REST problem details where both exist.
 */
enum ErrorCode {
    /** Bad JSON, a field of the wrong type, an invalid value, a malformed frame or subscription. */
    VALIDATION_FAILED,
    /** CONNECT without a valid token, or a token that expired while connected (ERROR frame, then closed). */
    UNAUTHORIZED,
    /** Not a member, not the author, a SEND outside /app, or membership revoked while subscribed. */
    FORBIDDEN,
    /** No such room, message or destination. */
    NOT_FOUND,
    /** The change conflicts with the stored state (editing a deleted message). */
    CONFLICT,
    /** A frame over the configured size limit (ERROR frame, then closed). */
    PAYLOAD_TOO_LARGE,
    /**
     * Messages sent or edited faster than the user's allowance (on {@code /user/queue/errors}, with
     * {@code retryAfterMs}); a SUBSCRIBE past the subscriptions of a connection; frames sent faster than the server
     * processes them (ERROR frame, then closed).
     */
    RATE_LIMITED,
    /** A CONNECT past the open connections one user may have on this instance (ERROR frame, then closed). */
    TOO_MANY_CONNECTIONS,
    /**
     * Live delivery cannot be reached right now (Redis down), or the database cannot (nothing was stored, or a
     * commit was cut off: a send re-sent with the same clientMsgId is stored at most once); try again.
     */
    UNAVAILABLE,
    /**
     * The instance is shutting down: a CONNECT is refused (ERROR frame, then closed), a SEND or SUBSCRIBE that
     * arrived after shutdown began is not processed. Reconnect (to another instance) and send again.
     */
    SERVER_SHUTTING_DOWN,
    /** A bug on the server side; logged there, never explained to the client. */
    INTERNAL_ERROR
}
