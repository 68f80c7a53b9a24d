package io.chatservice.adapter.out.redis;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-user rate limits ({@code chat.rate-limit.*}).
 *
 * @param enabled false lets every request through (for load tests, or behind a gateway that limits already)
 * @param messages the allowance of message writes, sends and edits together, per user
 */
@ConfigurationProperties("chat.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue Bucket messages) {

    RateLimitProperties {
        Objects.requireNonNull(messages, "messages");
    }

    /**
     * A token bucket: it holds at most {@code capacity} tokens, starts full, gains {@code refillPerSecond} tokens a
     * second, and every request takes one. So a user may send {@code capacity} at once (a burst: pasting several
     * lines, re-sending an offline queue) and {@code refillPerSecond} a second for ever.
     *
     * <p>The defaults, 30 and 5 a second, are far above what a person types (a fast typist manages about one
     * message a second for a few seconds) and bound what one user, or one stolen token, adds to a room: at most 5
     * events a second after the burst, 300 a minute.
     */
    record Bucket(@DefaultValue("30") int capacity, @DefaultValue("5") double refillPerSecond) {

        Bucket {
            if (capacity < 1) {
                throw new IllegalArgumentException("chat.rate-limit.*.capacity must be at least 1, was " + capacity);
            }
            if (!(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
                throw new IllegalArgumentException(
                        "chat.rate-limit.*.refill-per-second must be a positive number, was " + refillPerSecond);
            }
        }

        /** Tokens gained per nanosecond. */
        double refillPerNano() {
            return refillPerSecond / 1e9;
        }

        /** How long an empty bucket takes to be full again: after this, a bucket nobody touched is as good as new. */
        Duration timeToFill() {
            return Duration.ofNanos((long) Math.ceil(capacity / refillPerNano()));
        }
    }
}
