package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatservice.adapter.out.redis.testing.LocalRedisServer;
import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message rate limit in Redis ({@link TestRedis}): two instances take from one bucket per user. Buckets hold 3
 * and refill one every 2 s, so nothing refills while a test runs unless it waits. Every test uses users of its own:
 * the Redis may be shared.
 */
class RedisRateLimitIT {

    private static FanoutInstance a;
    private static FanoutInstance b;
    private static RedisProbe redis;

    @BeforeAll
    static void startInstances() {
        a = start(TestRedis.properties(), 3, 0.5);
        b = start(TestRedis.properties(), 3, 0.5);
        redis = new RedisProbe(TestRedis.host(), TestRedis.port());
    }

    @AfterAll
    static void stopInstances() {
        redis.close();
        b.close();
        a.close();
    }

    @Test
    void twoInstancesSpendOneAllowancePerUser() {
        UserId alice = newUser();

        assertThat(a.messageRateLimit().tryAcquire(alice)).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(b.messageRateLimit().tryAcquire(alice)).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(a.messageRateLimit().tryAcquire(alice)).isEqualTo(RateLimitDecision.ALLOWED);

        RateLimitDecision refused = b.messageRateLimit().tryAcquire(alice);

        assertThat(refused.allowed()).as("the fourth, on the other instance").isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(a.messageRateLimit().tryAcquire(alice).allowed()).isFalse();
    }

    @Test
    void anotherUserIsNotAffected() {
        UserId alice = newUser();
        UserId bob = newUser();
        for (int i = 0; i < 3; i++) {
            a.messageRateLimit().tryAcquire(alice);
        }

        assertThat(a.messageRateLimit().tryAcquire(alice).allowed()).isFalse();
        assertThat(b.messageRateLimit().tryAcquire(bob)).isEqualTo(RateLimitDecision.ALLOWED);
    }

    @Test
    void theBucketRefillsWithRedisTime() {
        UserId alice = newUser();
        for (int i = 0; i < 3; i++) {
            a.messageRateLimit().tryAcquire(alice);
        }
        Duration wait = a.messageRateLimit().tryAcquire(alice).retryAfter();

        await().pollDelay(wait).atMost(wait.plusSeconds(2))
                .until(() -> b.messageRateLimit().tryAcquire(alice).allowed());
        assertThat(a.messageRateLimit().tryAcquire(alice).allowed()).as("one token came back, not more").isFalse();
    }

    @Test
    void aTokenGivenBackOnOneInstanceCanBeSpentOnTheOther() {
        UserId alice = newUser();
        for (int i = 0; i < 3; i++) {
            a.messageRateLimit().tryAcquire(alice);
        }

        a.messageRateLimit().giveBack(alice);

        assertThat(b.messageRateLimit().tryAcquire(alice).allowed()).isTrue();
        assertThat(b.messageRateLimit().tryAcquire(alice).allowed()).isFalse();
    }

    @Test
    void givingBackToAUserWithoutABucketWritesNothing() {
        UserId alice = newUser();

        a.messageRateLimit().giveBack(alice);

        assertThat(redis.millisToLive(RedisMessageRateLimit.key(alice))).isEqualTo(-2);
    }

    @Test
    void aBucketExpiresWhenItWouldBeFullAgain() {
        UserId alice = newUser();

        a.messageRateLimit().tryAcquire(alice);

        // 3 tokens at 0.5 a second: full again after 6 s at the latest.
        assertThat(redis.millisToLive(RedisMessageRateLimit.key(alice))).isBetween(1L, 6_001L);
    }

    @Test
    void aBucketOfAnIdleUserDisappears() {
        try (FanoutInstance fast = start(TestRedis.properties(), 2, 20)) {
            UserId alice = newUser();
            fast.messageRateLimit().tryAcquire(alice);
            fast.messageRateLimit().tryAcquire(alice);
            String key = RedisMessageRateLimit.key(alice);
            assertThat(redis.millisToLive(key)).isPositive();

            // Full again after 100 ms: then the key is gone, and the user starts from a full bucket.
            await().atMost(Duration.ofSeconds(2)).until(() -> redis.millisToLive(key) == -2);
            assertThat(fast.messageRateLimit().tryAcquire(alice).allowed()).isTrue();
            assertThat(fast.messageRateLimit().tryAcquire(alice).allowed()).isTrue();
        }
    }

    @Test
    void withoutRedisEachInstanceStillLimitsAtOnce() {
        Map<String, String> nowhere = Map.of(
                "spring.data.redis.host", LocalRedisServer.HOST,
                "spring.data.redis.port", Integer.toString(LocalRedisServer.freePort()));
        try (FanoutInstance cut = start(nowhere, 3, 0.5)) {
            MessageRateLimitPort limit = cut.messageRateLimit();
            UserId alice = newUser();
            long started = System.nanoTime();

            for (int i = 0; i < 3; i++) {
                assertThat(limit.tryAcquire(alice).allowed()).as("send %d goes through without Redis", i).isTrue();
            }
            assertThat(limit.tryAcquire(alice).allowed()).as("and is still limited, per instance").isFalse();
            assertThat(limit.tryAcquire(newUser()).allowed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("one failed Redis call at most, then no more attempts for a while")
                    .isLessThan(Duration.ofSeconds(4));
        }
    }

    private static FanoutInstance start(Map<String, String> redisProperties, int capacity, double refillPerSecond) {
        Map<String, String> properties = new HashMap<>(redisProperties);
        properties.put("chat.rate-limit.messages.capacity", Integer.toString(capacity));
        properties.put("chat.rate-limit.messages.refill-per-second", Double.toString(refillPerSecond));
        return FanoutInstance.start(properties);
    }

    private static UserId newUser() {
        return UserId.of("rate-" + UUID.randomUUID());
    }
}
