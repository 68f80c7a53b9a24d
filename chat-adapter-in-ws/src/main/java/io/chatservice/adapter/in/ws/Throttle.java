package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one occurrence through per interval and counts the others: for warnings about a condition (Redis or the
 * database unreachable) that every frame would otherwise log again while it lasts.
 */
final class Throttle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong lastPassed;
    private final AtomicLong held = new AtomicLong();

    Throttle(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastPassed = new AtomicLong(nanoTime.getAsLong() - intervalNanos);
    }

    /** How many were held back since the last one that passed, or -1 when this one is held back too. */
    long pass() {
        long now = nanoTime.getAsLong();
        long last = lastPassed.get();
        if (now - last >= intervalNanos && lastPassed.compareAndSet(last, now)) {
            return held.getAndSet(0);
        }
        held.incrementAndGet();
        return -1;
    }
}
