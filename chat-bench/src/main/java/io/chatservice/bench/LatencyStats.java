package io.chatservice.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency distribution in microseconds, recorded from many threads without locks (HdrHistogram's
 * {@link Recorder}). {@link #interval()} hands out what was recorded since the last call (a saturation step)
 * and folds it into the running total.
 */
final class LatencyStats {

    /** An hour: a latency past it is recorded as an hour, never dropped. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);

    void recordNanos(long latencyNanos) {
        long micros = Math.max(0, latencyNanos / 1_000);
        recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    synchronized Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram();
        total.add(interval);
        return interval;
    }

    synchronized Histogram total() {
        interval();
        return total.copy();
    }

    record Summary(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

        static Summary of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Summary(0, 0, 0, 0, 0, 0);
            }
            return new Summary(
                    micros.getTotalCount(),
                    ms(micros.getValueAtPercentile(50)),
                    ms(micros.getValueAtPercentile(90)),
                    ms(micros.getValueAtPercentile(99)),
                    ms(micros.getValueAtPercentile(99.9)),
                    ms(micros.getMaxValue()));
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }

        String human() {
            return count == 0
                    ? "none"
                    : "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms  (n=%d)"
                            .formatted(p50Ms, p90Ms, p99Ms, p999Ms, maxMs, count);
        }
    }
}
