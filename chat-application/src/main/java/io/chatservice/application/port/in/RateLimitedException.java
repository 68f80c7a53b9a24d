package io.chatservice.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * The caller used up their allowance of this kind of request for now; nothing was stored or broadcast. Trying again
 * after {@link #retryAfter()} succeeds unless the caller spends the allowance again meanwhile. Other users are not
 * affected: the allowance is per user.
 */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        // An expected answer to a busy client, not a bug: no stack trace to fill.
        super(message, null, false, false);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** How long until the next request of this kind is allowed; always positive. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * {@link #retryAfter()} in whole milliseconds, rounded up (at least 1), as REST and STOMP both report it: a
     * client that waits exactly this long is not refused again.
     */
    public long retryAfterMillis() {
        return Math.max(1, Math.ceilDiv(retryAfter.toNanos(), 1_000_000L));
    }
}
