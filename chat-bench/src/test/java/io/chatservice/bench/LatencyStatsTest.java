package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void intervalsHoldWhatWasRecordedSinceTheLastOneAndTheTotalHoldsEverything() {
        LatencyStats stats = new LatencyStats();
        stats.recordNanos(TimeUnit.MILLISECONDS.toNanos(10));
        stats.recordNanos(TimeUnit.MILLISECONDS.toNanos(20));

        Histogram first = stats.interval();
        stats.recordNanos(TimeUnit.MILLISECONDS.toNanos(30));
        Histogram second = stats.interval();

        assertThat(first.getTotalCount()).isEqualTo(2);
        assertThat(second.getTotalCount()).isEqualTo(1);
        assertThat(stats.total().getTotalCount()).isEqualTo(3);
    }

    @Test
    void summaryReportsPercentilesInMilliseconds() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 1; ms <= 100; ms++) {
            stats.recordNanos(TimeUnit.MILLISECONDS.toNanos(ms));
        }

        LatencyStats.Summary summary = LatencyStats.Summary.of(stats.total());

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isBetween(49.9, 50.1);
        assertThat(summary.p90Ms()).isBetween(89.9, 90.1);
        assertThat(summary.p99Ms()).isBetween(98.9, 99.1);
        assertThat(summary.maxMs()).isBetween(99.9, 100.1);
    }

    @Test
    void negativeAndHugeLatenciesAreClampedNotDropped() {
        LatencyStats stats = new LatencyStats();
        stats.recordNanos(-5);
        stats.recordNanos(TimeUnit.HOURS.toNanos(3));

        Histogram total = stats.total();

        assertThat(total.getTotalCount()).isEqualTo(2);
        assertThat(total.getMinValue()).isZero();
        assertThat(total.getMaxValue()).isGreaterThanOrEqualTo(LatencyStats.HIGHEST_MICROS * 999 / 1000);
    }

    @Test
    void anEmptyDistributionSummarisesAsNone() {
        assertThat(LatencyStats.Summary.of(new LatencyStats().total()).human()).isEqualTo("none");
    }
}
