package io.chatservice.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Per-second latency of a fixed-rate run, by the second in which acks and deliveries arrived. It tells a tail
 * made of a steady queue (every second alike) from one made of a few bad seconds (a pause somewhere), which the
 * run's overall percentiles cannot. Each tick takes the interval since the last one from the run's recorders,
 * which fold it into their totals, so the overall figures are unchanged.
 */
final class Timeline {

    /** One second of the measured part of a run; {@code second} counts from the end of the warm-up. */
    record Second(int second, long acks, long deliveries, double ackP99Ms, double deliveryP99Ms, double ackMaxMs) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("second", second);
            json.put("acks", acks);
            json.put("deliveries", deliveries);
            json.put("ackP99Ms", ackP99Ms);
            json.put("deliveryP99Ms", deliveryP99Ms);
            json.put("ackMaxMs", ackMaxMs);
            return json;
        }
    }

    private final LatencyStats ack;
    private final LatencyStats delivery;
    private final List<Second> seconds = new ArrayList<>();
    private final ScheduledExecutorService ticker;

    private Timeline(LatencyStats ack, LatencyStats delivery) {
        this.ack = ack;
        this.delivery = delivery;
        this.ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bench-timeline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts ticking once a second from {@code startNanos}, the end of the warm-up on the {@code nanoTime} clock
     * (warm-up messages are not recorded, so nothing before it needs dropping).
     */
    static Timeline start(LatencyStats ack, LatencyStats delivery, long startNanos) {
        Timeline timeline = new Timeline(ack, delivery);
        long delay = Math.max(0, startNanos - System.nanoTime());
        timeline.ticker.scheduleAtFixedRate(timeline::tick, delay + TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        return timeline;
    }

    /** Stops ticking and returns the seconds, the last one partial (what arrived since the last tick). */
    synchronized List<Second> stop() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        tick();
        return List.copyOf(seconds);
    }

    /** One line for the human summary: how the per-second p99 send→ack spread, and the seconds past a limit. */
    static String summary(List<Second> seconds, double limitMs) {
        List<Second> withAcks = seconds.stream().filter(second -> second.acks() > 0).toList();
        if (withAcks.isEmpty()) {
            return "per second: no acks";
        }
        List<Double> p99s = withAcks.stream().map(Second::ackP99Ms).sorted().toList();
        Second worst = withAcks.stream().max(Comparator.comparingDouble(Second::ackP99Ms)).orElseThrow();
        long over = withAcks.stream().filter(second -> second.ackP99Ms() > limitMs).count();
        return "per second: p99 send->ack median %.2f, best %.2f, worst %.2f ms (second %d); %d of %d seconds over %.0f ms"
                .formatted(p99s.get(p99s.size() / 2), p99s.getFirst(), worst.ackP99Ms(), worst.second(), over,
                        withAcks.size(), limitMs);
    }

    private synchronized void tick() {
        Histogram acks = ack.interval();
        Histogram deliveries = delivery.interval();
        LatencyStats.Summary a = LatencyStats.Summary.of(acks);
        LatencyStats.Summary d = LatencyStats.Summary.of(deliveries);
        seconds.add(new Second(seconds.size() + 1, a.count(), d.count(), a.p99Ms(), d.p99Ms(), a.maxMs()));
    }
}
