package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Throttle throttle = new Throttle(Duration.ofSeconds(10), now::get);

    @Test
    void theFirstPassesTheOthersWithinTheIntervalAreHeldAndCountedForTheNextThatPasses() {
        assertThat(throttle.pass()).isZero();
        assertThat(throttle.pass()).isEqualTo(-1);
        assertThat(throttle.pass()).isEqualTo(-1);

        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertThat(throttle.pass()).isEqualTo(-1);
        now.addAndGet(1);
        assertThat(throttle.pass()).isEqualTo(3);
        assertThat(throttle.pass()).isEqualTo(-1);
    }
}
