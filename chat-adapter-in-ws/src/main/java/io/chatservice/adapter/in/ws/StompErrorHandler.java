package io.chatservice.adapter.in.ws;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Writes the ERROR frames Spring's STOMP handler sends when a frame cannot be processed at all: a CONNECT
 * without a valid token, a frame before CONNECT, a second CONNECT, a frame over the size limit, a flood. Spring closes the
 * connection after every ERROR frame, so only these cases use one; everything else is answered on
 * {@code /user/queue/errors} and the connection stays open.
 *
 * <p>The frame's {@code message} header is the code alone ({@code UNAUTHORIZED}), its body the JSON error
 * ({@code code}, {@code message}). The header carries no text after the code because STOMP 1.2 escapes a colon in
 * a header value as {@code \c}, and a client that gets the ERROR instead of CONNECTED has not negotiated 1.2 yet
 * and shows the escape as is. Exception texts are never passed on; the cause is logged only when it is a bug.
 */
final class StompErrorHandler extends StompSubProtocolErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(StompErrorHandler.class);

    @Override
    public @Nullable Message<byte[]> handleClientMessageProcessingError(
            @Nullable Message<byte[]> clientMessage, Throwable failure) {
        StompError error = classify(failure);
        if (error.isUnexpected()) {
            logUnexpected(failure);
        } else {
            log.debug("STOMP frame refused with an ERROR frame: {}", error.code());
        }
        StompHeaderAccessor frame = errorFrame(error);
        if (clientMessage != null) {
            StompHeaderAccessor client = MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
            if (client != null && client.getReceipt() != null) {
                frame.setReceiptId(client.getReceipt());
            }
        }
        return MessageBuilder.createMessage(Replies.error(error, null, null, null), frame.getMessageHeaders());
    }

    /**
     * Logs the cause, never the frame: Spring wraps failures in a {@link MessagingException} whose text carries the
     * failed message, headers and body (a CONNECT's bearer token, a user's message). A messaging exception with no
     * cause of its own is named only.
     */
    static void logUnexpected(Throwable failure) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        if (cause instanceof MessagingException) {
            log.error("Unexpected failure processing a STOMP frame: {}", cause.getClass().getName());
        } else {
            log.error("Unexpected failure processing a STOMP frame", cause);
        }
    }

    static StompHeaderAccessor errorFrame(StompError error) {
        StompHeaderAccessor frame = StompHeaderAccessor.create(StompCommand.ERROR);
        frame.setMessage(error.code().name());
        frame.setContentType(MimeTypeUtils.APPLICATION_JSON);
        frame.setLeaveMutable(true);
        return frame;
    }

    /** Whether Spring's STOMP decoder threw it, that is, the client's bytes are not a STOMP frame. */
    private static boolean thrownByTheDecoder(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals(StompDecoder.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** What the client is told; Spring reports limits and protocol errors only through exception types and texts. */
    static StompError classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StompConnectionRefusedException refused) {
                return refused.error();
            }
            if (cause instanceof StompConversionException conversion) {
                String text = String.valueOf(conversion.getMessage());
                // BufferingStompDecoder: "... buffer size limit ..." for a frame or content-length over the limit.
                if (text.contains("limit")) {
                    return new StompError(ErrorCode.PAYLOAD_TOO_LARGE, "the frame is larger than the server accepts");
                }
                return new StompError(ErrorCode.VALIDATION_FAILED, "the frame is not valid STOMP");
            }
            if (cause instanceof IllegalArgumentException && thrownByTheDecoder(cause)) {
                // StompDecoder: a command STOMP does not have ("No enum constant ...StompCommand.HELLO").
                return new StompError(ErrorCode.VALIDATION_FAILED, "the frame is not valid STOMP");
            }
            if (cause instanceof IllegalStateException state) {
                String text = String.valueOf(state.getMessage());
                if (text.startsWith("Unknown session")) {
                    // StompSubProtocolHandler: any frame before a successful CONNECT.
                    return StompConnectionRefusedException.NOT_CONNECTED.error();
                }
                if (text.startsWith("Session already exists")) {
                    // StompSubProtocolHandler: a second CONNECT, refused before it reaches the inbound guard.
                    return StompConnectionRefusedException.ALREADY_CONNECTED.error();
                }
            }
        }
        return new StompError(ErrorCode.INTERNAL_ERROR, StompError.INTERNAL_MESSAGE);
    }
}
