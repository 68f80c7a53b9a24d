package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimitTest {

    private static final RateLimitProperties.Bucket LIMIT = new RateLimitProperties.Bucket(2, 1);
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final LocalRateLimit limit = new LocalRateLimit(LIMIT, nanos::get);

    @Test
    void eachUserHasABucketOfTheirOwn() {
        assertThat(limit.tryAcquire(ALICE)).isEqualTo(RateLimitDecision.ALLOWED);
        assertThat(limit.tryAcquire(ALICE)).isEqualTo(RateLimitDecision.ALLOWED);

        RateLimitDecision refused = limit.tryAcquire(ALICE);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.tryAcquire(BOB)).as("bob is unaffected").isEqualTo(RateLimitDecision.ALLOWED);
    }

    @Test
    void aGivenBackTokenAllowsAnotherRequest() {
        limit.tryAcquire(ALICE);
        limit.tryAcquire(ALICE);

        limit.giveBack(ALICE);

        assertThat(limit.tryAcquire(ALICE).allowed()).isTrue();
        assertThat(limit.tryAcquire(ALICE).allowed()).isFalse();
    }

    @Test
    void givingBackToAUserWithoutABucketCreatesNone() {
        limit.giveBack(ALICE);

        assertThat(limit.trackedUsers()).isZero();
    }

    @Test
    void bucketsThatFilledUpAgainAreForgottenAtTheNextSweep() {
        limit.tryAcquire(ALICE);
        limit.tryAcquire(BOB);
        limit.tryAcquire(BOB);
        assertThat(limit.trackedUsers()).isEqualTo(2);

        // After 1 s alice is full again (2 tokens, 1 a second) and bob is not; the sweep is due after 2 s.
        nanos.addAndGet(Duration.ofMillis(2_000).toNanos());
        limit.tryAcquire(UserId.of("carol"));

        assertThat(limit.trackedUsers()).as("bob (just full at 2 s) and alice are swept; carol is new").isEqualTo(1);
        assertThat(limit.tryAcquire(ALICE).allowed()).isTrue();
        assertThat(limit.tryAcquire(ALICE).allowed()).isTrue();
        assertThat(limit.tryAcquire(ALICE).allowed()).as("a forgotten bucket starts full, no fuller").isFalse();
    }
}
