package io.chatservice.application.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * What a rate limit answered: allowed (one unit of the allowance was taken), or refused with how long until one is
 * available again.
 *
 * @param retryAfter zero when allowed, positive when refused
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter) {

    public static final RateLimitDecision ALLOWED = new RateLimitDecision(true, Duration.ZERO);

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (allowed != retryAfter.isZero()) {
            throw new IllegalArgumentException(allowed
                    ? "an allowed request has nothing to wait for"
                    : "a refused request must say how long to wait, was " + retryAfter);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
    }

    public static RateLimitDecision refused(Duration retryAfter) {
        return new RateLimitDecision(false, retryAfter);
    }
}
