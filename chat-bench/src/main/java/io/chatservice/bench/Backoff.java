package io.chatservice.bench;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * How set-up waits and tries again when the server answers "busy" (503, or 429 from a rate limit) or refuses a
 * WebSocket handshake with one of them. Under a set-up burst a server short of pooled database connections
 * answers 503 to a few joins; that is back-pressure, not a full machine, so the call is repeated after a growing,
 * jittered pause (or the server's Retry-After) instead of being counted as a failure.
 */
final class Backoff {

    /** Attempts in all, the first included: the pauses add up to about half a minute at most. */
    static final int MAX_ATTEMPTS = 8;

    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    private Backoff() {}

    static boolean isBusy(int status) {
        return status == 503 || status == 429;
    }

    /**
     * The pause before attempt {@code attempt + 1} (after {@code attempt} busy answers, 1-based): the server's
     * Retry-After in seconds if it gave a usable one (capped), else 100 ms doubling per attempt up to 5 s, each
     * drawn between half and all of it so that a burst of clients does not come back in step.
     */
    static Duration pause(int attempt, @Nullable String retryAfter) {
        if (retryAfter != null) {
            try {
                long seconds = Long.parseLong(retryAfter.strip());
                if (seconds >= 0) {
                    return Duration.ofMillis(Math.min(seconds * 1_000, LONGEST_PAUSE_MILLIS));
                }
            } catch (NumberFormatException httpDate) {
                // An HTTP-date Retry-After is rare from this server; fall back to our own pause.
            }
        }
        long ceiling = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(20, Math.max(0, attempt - 1)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
