package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void onlyServiceUnavailableAndTooManyRequestsAreBusy() {
        assertThat(Backoff.isBusy(503)).isTrue();
        assertThat(Backoff.isBusy(429)).isTrue();
        assertThat(Backoff.isBusy(500)).isFalse();
        assertThat(Backoff.isBusy(403)).isFalse();
        assertThat(Backoff.isBusy(200)).isFalse();
    }

    @Test
    void pausesDoubleWithJitterAndAreCapped() {
        for (int trial = 0; trial < 200; trial++) {
            assertThat(Backoff.pause(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(Backoff.pause(3, null)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(Backoff.pause(30, null)).isBetween(Duration.ofMillis(2_500), Duration.ofMillis(5_000));
        }
    }

    @Test
    void theServersRetryAfterIsFollowedUpToTheCap() {
        assertThat(Backoff.pause(1, "2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.pause(1, "120")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.pause(1, "Wed, 21 Oct 2026 07:28:00 GMT")).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void theAttemptsLeaveTimeForAPoolTimeoutToPass() {
        // A join that waits out the server's pool timeout (about 5 s) must still get another try.
        long worstCaseMinimum = 0;
        for (int attempt = 1; attempt < Backoff.MAX_ATTEMPTS; attempt++) {
            worstCaseMinimum += Math.min(5_000, 100L << (attempt - 1)) / 2;
        }
        assertThat(worstCaseMinimum).isGreaterThan(5_000);
    }
}
