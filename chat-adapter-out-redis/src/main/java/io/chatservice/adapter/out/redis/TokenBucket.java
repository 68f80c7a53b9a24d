package io.chatservice.adapter.out.redis;

/**
 * One user's token bucket on this instance ({@link RateLimitProperties.Bucket} says what the numbers mean). The
 * Redis script of {@link RedisMessageRateLimit} does the same sums in Redis. Not thread-safe: its owner changes it
 * only inside one atomic step per user.
 */
final class TokenBucket {

    /** Absorbs the rounding of the refill sums, so that a bucket refilled to exactly one token can give it. */
    private static final double EPSILON = 1e-9;

    private final int capacity;
    private final double refillPerNano;
    private double tokens;
    private long updatedAt;

    /** A full bucket; {@code now} is in nanoseconds of a monotonic clock. */
    TokenBucket(RateLimitProperties.Bucket limit, long now) {
        this.capacity = limit.capacity();
        this.refillPerNano = limit.refillPerNano();
        this.tokens = capacity;
        this.updatedAt = now;
    }

    /** @return 0 when a token was taken; otherwise the nanoseconds until one will be there (at least 1) */
    long tryTake(long now) {
        refill(now);
        if (tokens + EPSILON >= 1) {
            tokens = Math.max(0, tokens - 1);
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / refillPerNano));
    }

    /** Puts back a token taken for a request that changed nothing; never above the capacity. */
    void giveBack(long now) {
        refill(now);
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Full by {@code now}: forgetting this bucket changes nothing, since a new one starts full. */
    boolean isFull(long now) {
        long elapsed = Math.max(0, now - updatedAt);
        return tokens + elapsed * refillPerNano + EPSILON >= capacity;
    }

    double tokens(long now) {
        refill(now);
        return tokens;
    }

    private void refill(long now) {
        // A monotonic clock never goes back; should it, the bucket just gains nothing.
        if (now > updatedAt) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * refillPerNano);
            updatedAt = now;
        }
    }
}
