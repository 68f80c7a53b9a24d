package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a client is told about a refused frame: a code and a message written for it. Exceptions map by type,
 * never by their text; a domain exception's message is the domain's own wording, which never quotes input.
 *
 * @param retryAfterMs for a rate limit, how many milliseconds to wait before trying again; null otherwise
 */
record StompError(ErrorCode code, String message, @Nullable Long retryAfterMs) {

    static final String INTERNAL_MESSAGE = "an unexpected error occurred";

    StompError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    StompError(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** The answer to a refused frame; {@link #isUnexpected} tells the caller to log the cause. */
    static StompError of(Throwable failure) {
        return switch (failure) {
            case StompRequestException request -> new StompError(request.code(), request.getMessage());
            case InvalidInputException invalid -> new StompError(ErrorCode.VALIDATION_FAILED, invalid.getMessage());
            case PermissionDeniedException denied -> new StompError(ErrorCode.FORBIDDEN, denied.getMessage());
            case NotFoundException notFound -> new StompError(ErrorCode.NOT_FOUND, notFound.getMessage());
            case ConflictException conflict -> new StompError(ErrorCode.CONFLICT, conflict.getMessage());
            case RateLimitedException limited -> new StompError(ErrorCode.RATE_LIMITED,
                    "too many messages sent or edited; wait retryAfterMs, then send again with the same clientMsgId",
                    limited.retryAfterMillis());
            case RealtimeUnavailableException unavailable -> new StompError(ErrorCode.UNAVAILABLE,
                    "live delivery is unavailable right now; try again shortly");
            default -> DatabaseOutage.causes(failure)
                    ? new StompError(ErrorCode.UNAVAILABLE, "the service cannot reach its database right now; try again")
                    : new StompError(ErrorCode.INTERNAL_ERROR, INTERNAL_MESSAGE);
        };
    }

    boolean isUnexpected() {
        return code == ErrorCode.INTERNAL_ERROR;
    }
}
