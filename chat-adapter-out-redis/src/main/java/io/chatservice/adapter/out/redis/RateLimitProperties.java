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
 * @param connections the allowance of STOMP CONNECTs per user, on each instance
 */
@ConfigurationProperties("chat.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled, @DefaultValue Messages messages, @DefaultValue Connections connections) {

    RateLimitProperties {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(connections, "connections");
    }

    /**
     * 30 at once, then 5 a second: far above what a person types (a fast typist manages about one message a second
     * for a few seconds), and a bound on what one user, or one stolen token, adds to a room: at most 5 events a
     * second after the burst, 300 a minute. The burst covers pasting several lines and re-sending a short offline
     * queue.
     */
    record Messages(@DefaultValue("30") int capacity, @DefaultValue("5") double refillPerSecond) {

        Messages {
            new Bucket("messages", capacity, refillPerSecond); // checks them at start
        }

        Bucket bucket() {
            return new Bucket("messages", capacity, refillPerSecond);
        }
    }

    /**
     * 10 at once, then one every 5 s (12 a minute): opening ten tabs, or reconnecting after every network blip,
     * is fine; a client stuck in a reconnect loop is slowed down. Each connect and disconnect that changes whether
     * the user is online is announced to every room of the user, so a flapping client costs every instance work.
     */
    record Connections(@DefaultValue("10") int capacity, @DefaultValue("0.2") double refillPerSecond) {

        Connections {
            new Bucket("connections", capacity, refillPerSecond); // checks them at start
        }

        Bucket bucket() {
            return new Bucket("connections", capacity, refillPerSecond);
        }
    }

    /**
     * A token bucket: it holds at most {@code capacity} tokens, starts full, gains {@code refillPerSecond} tokens a
     * second, and every request takes one. So a user may make {@code capacity} requests at once (a burst) and
     * {@code refillPerSecond} a second for ever.
     *
     * @param name the property group, for messages
     */
    record Bucket(String name, int capacity, double refillPerSecond) {

        Bucket(int capacity, double refillPerSecond) {
            this("*", capacity, refillPerSecond);
        }

        Bucket {
            if (capacity < 1) {
                throw new IllegalArgumentException(
                        "chat.rate-limit." + name + ".capacity must be at least 1, was " + capacity);
            }
            if (!(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
                throw new IllegalArgumentException("chat.rate-limit." + name
                        + ".refill-per-second must be a positive number, was " + refillPerSecond);
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
