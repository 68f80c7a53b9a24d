package io.chatservice.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors by kind ("queue/errors RATE_LIMITED", "connection lost: …"), so a report says what went wrong. */
final class ErrorCounts {

    private static final int MAX_KINDS = 50;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String kind) {
        String key = kind.length() > 160 ? kind.substring(0, 160) + "…" : kind;
        LongAdder count = counts.get(key);
        if (count == null) {
            // Bounded, in case a failure message carries something unique such as an address.
            count = counts.size() >= MAX_KINDS ? counts.computeIfAbsent("(other)", k -> new LongAdder())
                    : counts.computeIfAbsent(key, k -> new LongAdder());
        }
        count.increment();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }
}
