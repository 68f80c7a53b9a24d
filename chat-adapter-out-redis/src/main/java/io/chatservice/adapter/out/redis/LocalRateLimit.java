package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each user's allowance in this process's memory, without I/O: for messages the whole truth with
 * {@code chat.fanout=local} (one instance) and the fallback of {@link RedisMessageRateLimit} while Redis cannot be
 * reached; for connects, in either mode ({@link RateLimitConfiguration}).
 *
 * <p>Each step on a user's bucket is one atomic step on the map's entry. A bucket that has filled up again is the
 * same as none, so buckets are dropped once full: at most once per {@link RateLimitProperties.Bucket#timeToFill()}
 * a sweep removes them, and users who stopped sending cost nothing.
 */
final class LocalRateLimit implements MessageRateLimitPort {

    private final RateLimitProperties.Bucket limit;
    private final LongSupplier nanoTime;
    private final long sweepIntervalNanos;
    private final ConcurrentMap<UserId, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    LocalRateLimit(RateLimitProperties.Bucket limit) {
        this(limit, System::nanoTime);
    }

    LocalRateLimit(RateLimitProperties.Bucket limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.sweepIntervalNanos = Math.max(1, limit.timeToFill().toNanos());
        this.nextSweep = new AtomicLong(nanoTime.getAsLong() + sweepIntervalNanos);
    }

    @Override
    public RateLimitDecision tryAcquire(UserId user) {
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        long[] wait = new long[1];
        buckets.compute(user, (u, bucket) -> {
            TokenBucket current = bucket == null ? new TokenBucket(limit, now) : bucket;
            wait[0] = current.tryTake(now);
            return current;
        });
        return wait[0] == 0 ? RateLimitDecision.ALLOWED : RateLimitDecision.refused(Duration.ofNanos(wait[0]));
    }

    @Override
    public void giveBack(UserId user) {
        long now = nanoTime.getAsLong();
        // No bucket: it was full and swept, and a full bucket takes nothing back.
        buckets.computeIfPresent(user, (u, bucket) -> {
            bucket.giveBack(now);
            return bucket;
        });
    }

    /** Users with a bucket here (not yet full again, or not yet swept). */
    int trackedUsers() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + sweepIntervalNanos)) {
            return;
        }
        for (UserId user : buckets.keySet()) {
            buckets.computeIfPresent(user, (u, bucket) -> bucket.isFull(now) ? null : bucket);
        }
    }
}
