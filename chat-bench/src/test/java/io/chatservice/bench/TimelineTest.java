package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void stopTakesWhatArrivedSinceTheLastTickAndTheTotalsKeepIt() throws Exception {
        LatencyStats ack = new LatencyStats();
        LatencyStats delivery = new LatencyStats();
        Timeline timeline = Timeline.start(ack, delivery, System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        for (long millis : new long[] {5, 10, 400}) {
            ack.recordNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }
        delivery.recordNanos(TimeUnit.MILLISECONDS.toNanos(20));

        List<Timeline.Second> seconds = timeline.stop();

        assertThat(seconds).hasSize(1);
        Timeline.Second only = seconds.getFirst();
        assertThat(only.second()).isEqualTo(1);
        assertThat(only.acks()).isEqualTo(3);
        assertThat(only.deliveries()).isEqualTo(1);
        assertThat(only.ackP99Ms()).isBetween(399.0, 401.0);
        assertThat(only.ackMaxMs()).isBetween(399.0, 401.0);
        assertThat(ack.total().getTotalCount()).as("the run's total still has every ack").isEqualTo(3);
    }

    @Test
    void theSummaryTellsAFewBadSecondsFromTheRest() {
        List<Timeline.Second> seconds = List.of(
                new Timeline.Second(1, 2000, 20000, 20.0, 30.0, 25.0),
                new Timeline.Second(2, 2000, 20000, 22.0, 31.0, 40.0),
                new Timeline.Second(3, 1500, 15000, 240.0, 250.0, 300.0),
                new Timeline.Second(4, 0, 0, 0.0, 0.0, 0.0),
                new Timeline.Second(5, 2000, 20000, 24.0, 33.0, 45.0));

        assertThat(Timeline.summary(seconds, 50)).isEqualTo(
                "per second: p99 send->ack median 24.00, best 20.00, worst 240.00 ms (second 3); 1 of 4 seconds over 50 ms");
    }
}
