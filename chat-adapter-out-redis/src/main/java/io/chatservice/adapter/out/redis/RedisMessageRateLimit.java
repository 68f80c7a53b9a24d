package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Each user's message allowance shared by every instance ({@code chat.fanout=redis}): a token bucket per user in a
 * Redis hash, {@code chat:rate:messages:<userId>} (fields {@code tokens} and {@code at}, Redis's time in
 * milliseconds), changed only by one Lua script per request, so that requests of one user on several instances
 * take from one bucket without racing. The scripts take "now" from Redis ({@code TIME}): the instances' clocks
 * need not agree. Each write sets the key to expire when the bucket would be full again: from then on a missing
 * key means the same as a full bucket, so users who stopped sending leave nothing behind.
 *
 * <p>Redis down must not stop sends (they need only PostgreSQL): a failed call is logged (throttled) and answered
 * by a bucket of this instance ({@link LocalRateLimit}), and for {@value #FALLBACK_MILLIS} ms after a failure
 * Redis is not asked at all, so that a Redis that hangs rather than refuses does not add its timeout to every send.
 * Meanwhile a user's allowance is counted per instance; what they spent in Redis before is forgotten for that time.
 */
final class RedisMessageRateLimit implements MessageRateLimitPort {

    static final String KEY_PREFIX = "chat:rate:messages:";

    /** How long after a failed call every request uses this instance's buckets without asking Redis. */
    static final long FALLBACK_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageRateLimit.class);

    /** Reads the bucket and brings it up to Redis's now: {@code tokens}, {@code now}. */
    private static final String REFILL = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
            local capacity = tonumber(ARGV[1])
            local perMs = tonumber(ARGV[2])
            local ttl = tonumber(ARGV[3])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
            elseif now > at then
              tokens = math.min(capacity, tokens + (now - at) * perMs)
            end
            """;

    /**
     * KEYS[1] the user's bucket; ARGV capacity, tokens per ms, key lifetime in ms. Takes a token: 0 when taken,
     * else the milliseconds until one is there (at least 1).
     */
    static final RedisScript<Long> TAKE = RedisScript.of(REFILL + """
            local wait = 0
            if tokens + 1e-9 >= 1 then
              tokens = math.max(0, tokens - 1)
            else
              wait = math.max(1, math.ceil((1 - tokens) / perMs))
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], ttl)
            return wait
            """, Long.class);

    /** As {@link #TAKE}; puts a token back, never above the capacity. A missing bucket is full: left missing. */
    static final RedisScript<Long> GIVE_BACK = RedisScript.of(REFILL + """
            if state[1] == false then return 0 end
            tokens = math.min(capacity, tokens + 1)
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final LocalRateLimit fallback;
    private final LongSupplier nanoTime;
    private final List<String> arguments;
    private final ThrottledWarnings warnings;
    /** {@link System#nanoTime()} until which Redis is not asked; a failure moves it on. */
    private final AtomicLong fallbackUntil;

    RedisMessageRateLimit(StringRedisTemplate redis, RateLimitProperties.Bucket limit) {
        this(redis, limit, new LocalRateLimit(limit), System::nanoTime);
    }

    RedisMessageRateLimit(StringRedisTemplate redis, RateLimitProperties.Bucket limit,
            LocalRateLimit fallback, LongSupplier nanoTime) {
        this.redis = redis;
        this.fallback = fallback;
        this.nanoTime = nanoTime;
        long ttlMillis = limit.timeToFill().toMillis() + 1;
        this.arguments = List.of(
                Integer.toString(limit.capacity()),
                Double.toString(limit.refillPerSecond() / 1000),
                Long.toString(ttlMillis));
        this.warnings = new ThrottledWarnings(LOG, Duration.ofMinutes(1), nanoTime);
        this.fallbackUntil = new AtomicLong(nanoTime.getAsLong());
    }

    @Override
    public RateLimitDecision tryAcquire(UserId user) {
        if (fallingBack()) {
            return fallback.tryAcquire(user);
        }
        try {
            long waitMillis = run(TAKE, user);
            return waitMillis == 0
                    ? RateLimitDecision.ALLOWED
                    : RateLimitDecision.refused(Duration.ofMillis(waitMillis));
        } catch (DataAccessException | IllegalStateException e) {
            failed(e);
            return fallback.tryAcquire(user);
        }
    }

    @Override
    public void giveBack(UserId user) {
        if (fallingBack()) {
            fallback.giveBack(user);
            return;
        }
        try {
            run(GIVE_BACK, user);
        } catch (DataAccessException | IllegalStateException e) {
            // Not worth a fallback: the user keeps one token less until their bucket refills.
            failed(e);
        }
    }

    private boolean fallingBack() {
        return nanoTime.getAsLong() - fallbackUntil.get() < 0;
    }

    private void failed(RuntimeException e) {
        fallbackUntil.set(nanoTime.getAsLong() + Duration.ofMillis(FALLBACK_MILLIS).toNanos());
        warnings.warn("Redis unreachable for the message rate limits; each instance counts its own for "
                + FALLBACK_MILLIS + " ms", e.toString());
    }

    private long run(RedisScript<Long> script, UserId user) {
        Long result = redis.execute(script, List.of(key(user)), arguments.toArray());
        if (result == null) {
            throw new IllegalStateException("Redis answered nothing to a rate limit script");
        }
        return result;
    }

    static String key(UserId user) {
        return KEY_PREFIX + user.value();
    }
}
