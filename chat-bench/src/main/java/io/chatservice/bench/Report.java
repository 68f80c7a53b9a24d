package io.chatservice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's result: a human summary (lines) and the same figures as one JSON object, printed as one line last, so
 * {@code tail -n 1} of the output is machine-readable.
 */
final class Report {

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder human = new StringBuilder();

    Report put(String key, @Nullable Object value) {
        json.put(key, value);
        return this;
    }

    Report line(String text) {
        human.append(text).append('\n');
        return this;
    }

    Map<String, Object> json() {
        return json;
    }

    static Map<String, Object> latency(Histogram micros) {
        LatencyStats.Summary s = LatencyStats.Summary.of(micros);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", s.count());
        out.put("p50", s.p50Ms());
        out.put("p90", s.p90Ms());
        out.put("p99", s.p99Ms());
        out.put("p999", s.p999Ms());
        out.put("max", s.maxMs());
        return out;
    }

    static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return -1;
        }
        return Math.round(value * 100.0) / 100.0;
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : round(count * 1e9 / nanos);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : "%.1f MiB".formatted(bytes / 1048576.0);
    }

    void print(JsonMapper mapper, BenchOptions options) {
        System.out.print(human);
        String line = mapper.writeValueAsString(json);
        System.out.println(line);
        if (options.jsonOut() != null) {
            try {
                Files.writeString(options.jsonOut(), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("[chat-bench] could not append to " + options.jsonOut() + ": " + e.getMessage());
            }
        }
    }

    /** Adds the database baseline and, for each achieved rate given, its ratio to what the database alone did. */
    void baseline(@Nullable Baseline baseline, Map<String, Double> rates) {
        if (baseline == null) {
            put("baseline", null);
            return;
        }
        put("baseline", baseline.json());
        Map<String, Object> ratios = new LinkedHashMap<>();
        rates.forEach((name, rate) -> {
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("toSingle", round(rate / baseline.singleMessagesPerSecond()));
            ratio.put("toBatched", round(rate / baseline.batchedMessagesPerSecond()));
            ratios.put(name, ratio);
        });
        put("dbRatio", ratios);
        line("database alone (pgbench, %s): %.0f msg/s single, %.0f msg/s batched (10 per transaction)"
                .formatted(baseline.source(), baseline.singleMessagesPerSecond(), baseline.batchedMessagesPerSecond()));
        rates.forEach((name, rate) -> line("  %s %.1f/s = %.2f× single, %.2f× batched".formatted(
                name, rate, rate / baseline.singleMessagesPerSecond(), rate / baseline.batchedMessagesPerSecond())));
    }

    static String errorsLine(ErrorCounts errors) {
        Map<String, Long> kinds = errors.snapshot();
        if (kinds.isEmpty()) {
            return "errors: 0";
        }
        StringBuilder out = new StringBuilder("errors: " + errors.total());
        kinds.forEach((kind, count) -> out.append("\n  ").append(count).append("  ").append(kind));
        return out.toString();
    }

    static List<Object> list(List<?> values) {
        return List.copyOf(values);
    }
}
