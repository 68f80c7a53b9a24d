package io.chatservice.adapter.out.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval for each kind of problem, and says how many were not logged. A
 * problem that comes with every broadcast (one instance of a newer version publishing a new event type) would
 * otherwise flood the log on every instance.
 */
final class ThrottledWarnings {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    ThrottledWarnings(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    ThrottledWarnings(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * @param kind what went wrong, in words; the throttling is per kind
     * @param detail what identifies this occurrence (never message content)
     */
    void warn(String kind, String detail) {
        long now = nanoTime.getAsLong();
        Window window = windows.computeIfAbsent(kind, k -> new Window(now - intervalNanos));
        long suppressed = window.tryOpen(now, intervalNanos);
        if (suppressed >= 0) {
            if (suppressed == 0) {
                log.warn("{}: {}", kind, detail);
            } else {
                log.warn("{}: {} ({} more like it not logged)", kind, detail, suppressed);
            }
        }
    }

    private static final class Window {

        private final AtomicLong lastLogged;
        private final AtomicLong suppressed = new AtomicLong();

        Window(long lastLogged) {
            this.lastLogged = new AtomicLong(lastLogged);
        }

        /** How many were suppressed since the last warning, or -1 when this one is suppressed too. */
        long tryOpen(long now, long intervalNanos) {
            long last = lastLogged.get();
            if (now - last >= intervalNanos && lastLogged.compareAndSet(last, now)) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }
    }
}
