package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The count the shutdown drain waits on, on a real executor decorated as the relay's is. */
class InFlightRelaysTest {

    private final InFlightRelays inFlight = new InFlightRelays();
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);

    InFlightRelaysTest() {
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setTaskDecorator(inFlight);
        executor.initialize();
    }

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdown();
    }

    @Test
    void aTaskCountsFromTheMomentItIsSubmittedQueuedOrRunningUntilItHasFinished() {
        executor.execute(this::awaitRelease);
        executor.execute(() -> { });

        // Counted at once, on the submitting thread: before any worker has taken either task.
        assertThat(inFlight.count()).isEqualTo(2);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.count() == 0);
    }

    @Test
    void aTaskThatFailsStopsCountingToo() {
        executor.execute(() -> {
            throw new IllegalStateException("relay failed");
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.count() == 0);
    }

    @Test
    void theDrainWaitsForTheTasksInFlightAndNoLonger() throws Exception {
        RoomEventRelayDrain drain = new RoomEventRelayDrain(inFlight, Duration.ofSeconds(10));
        drain.start();
        executor.execute(this::awaitRelease);

        Thread draining = Thread.ofVirtual().start(drain::stop);
        draining.join(Duration.ofMillis(200));
        assertThat(draining.isAlive()).as("waits while a relay is in flight").isTrue();
        release.countDown();
        draining.join(Duration.ofSeconds(5));

        assertThat(draining.isAlive()).isFalse();
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void theDrainGivesUpAfterItsWait() {
        RoomEventRelayDrain drain = new RoomEventRelayDrain(inFlight, Duration.ofMillis(200));
        executor.execute(this::awaitRelease);
        long started = System.nanoTime();

        drain.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(inFlight.count()).isEqualTo(1);
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
