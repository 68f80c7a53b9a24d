package io.chatservice.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitedExceptionTest {

    @Test
    void retryAfterMillisRoundsUpSoThatWaitingThatLongIsEnough() {
        assertThat(new RateLimitedException("busy", Duration.ofNanos(1_000_001)).retryAfterMillis()).isEqualTo(2);
        assertThat(new RateLimitedException("busy", Duration.ofMillis(1500)).retryAfterMillis()).isEqualTo(1500);
    }

    @Test
    void retryAfterMillisIsAtLeastOneForAWaitShorterThanAMillisecond() {
        assertThat(new RateLimitedException("busy", Duration.ofNanos(1)).retryAfterMillis()).isEqualTo(1);
    }
}
