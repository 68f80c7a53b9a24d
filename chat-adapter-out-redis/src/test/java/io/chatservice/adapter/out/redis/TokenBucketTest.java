package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    /** Three at once, then one every 500 ms. */
    private static final RateLimitProperties.Bucket LIMIT = new RateLimitProperties.Bucket(3, 2);

    private static final long MS = 1_000_000;

    private long now = 1_000 * MS;

    @Test
    void aNewBucketGivesItsWholeBurstAtOnceAndThenRefuses() {
        TokenBucket bucket = new TokenBucket(LIMIT, now);

        assertThat(bucket.tryTake(now)).isZero();
        assertThat(bucket.tryTake(now)).isZero();
        assertThat(bucket.tryTake(now)).isZero();
        assertThat(bucket.tryTake(now)).as("the fourth waits for one refill").isEqualTo(500 * MS);
    }

    @Test
    void theWaitShrinksAsTimePassesAndATokenIsThereWhenItEnds() {
        TokenBucket bucket = emptied();

        now += 200 * MS;
        assertThat(bucket.tryTake(now)).isEqualTo(300 * MS);
        now += 300 * MS;
        assertThat(bucket.tryTake(now)).isZero();
        assertThat(bucket.tryTake(now)).isEqualTo(500 * MS);
    }

    @Test
    void refillIsSteadyAtTheConfiguredRate() {
        TokenBucket bucket = emptied();

        int taken = 0;
        for (int step = 0; step < 40; step++) {
            now += 100 * MS;
            if (bucket.tryTake(now) == 0) {
                taken++;
            }
        }

        assertThat(taken).as("4 s at 2 a second").isEqualTo(8);
    }

    @Test
    void anIdleBucketFillsUpToItsCapacityAndNoMore() {
        TokenBucket bucket = emptied();

        now += Duration.ofHours(1).toNanos();

        assertThat(bucket.tokens(now)).isEqualTo(3.0);
        assertThat(bucket.isFull(now)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(now)).isZero();
        }
        assertThat(bucket.tryTake(now)).isPositive();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        TokenBucket bucket = emptied();

        for (int i = 0; i < 10; i++) {
            bucket.tryTake(now);
        }
        now += 500 * MS;

        assertThat(bucket.tryTake(now)).as("refusals did not push the next token away").isZero();
    }

    @Test
    void aTokenGivenBackCanBeTakenAgainButNeverAboveTheCapacity() {
        TokenBucket bucket = emptied();

        bucket.giveBack(now);
        assertThat(bucket.tryTake(now)).isZero();

        TokenBucket full = new TokenBucket(LIMIT, now);
        full.giveBack(now);
        assertThat(full.tokens(now)).isEqualTo(3.0);
    }

    @Test
    void isFullOnlyOnceTheBucketHasRefilledCompletely() {
        TokenBucket bucket = emptied();

        assertThat(bucket.isFull(now)).isFalse();
        assertThat(bucket.isFull(now + LIMIT.timeToFill().toNanos() - MS)).isFalse();
        assertThat(bucket.isFull(now + LIMIT.timeToFill().toNanos())).isTrue();
    }

    @Test
    void aClockGoingBackGainsNothing() {
        TokenBucket bucket = emptied();

        assertThat(bucket.tryTake(now - 10_000 * MS)).isPositive();
        assertThat(bucket.tryTake(now + 500 * MS)).isZero();
    }

    @Test
    void fractionalRatesWork() {
        TokenBucket slow = new TokenBucket(new RateLimitProperties.Bucket(1, 0.5), now);

        assertThat(slow.tryTake(now)).isZero();
        assertThat(slow.tryTake(now)).isEqualTo(2_000 * MS);
    }

    @Test
    void theLimitRefusesNonsense() {
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(0, 1)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(1, 0)).hasMessageContaining("refill-per-second");
        assertThatThrownBy(() -> new RateLimitProperties.Bucket(1, Double.NaN)).hasMessageContaining("refill");
        assertThat(LIMIT.timeToFill()).isEqualTo(Duration.ofMillis(1_500));
    }

    private TokenBucket emptied() {
        TokenBucket bucket = new TokenBucket(LIMIT, now);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(now)).isZero();
        }
        return bucket;
    }
}
