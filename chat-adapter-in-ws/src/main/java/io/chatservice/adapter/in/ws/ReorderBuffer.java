package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Hands a room's events on in seq order, each once, although they arrive concurrently, out of order and
 * sometimes twice: two transactions of one room commit in order, but their after-commit relays race, and a
 * retried publication repeats an event that was already delivered.
 *
 * <p>A seq below the next expected one is a duplicate and dropped; the next expected one is handed on together
 * with every consecutive one held; a later one is held. Holding is bounded in time and in count: when the oldest
 * gap has been open for {@code maxWait}, the stream moves past that gap only, up to the next gap, which then gets
 * its own wait (a younger gap may still fill); when more than {@code maxPending} events are held, everything held
 * is handed on in order and the next expected seq moves past it. The client sees the jump in seq and syncs, which
 * is how it recovers an event that is lost, not just late. The wait is counted from the moment a gap becomes the
 * oldest one. Before the first event after a skipped gap is handed on, {@code gapSkipped} is told: whatever the
 * stream never saw (a member's departure) the owner must find out otherwise.
 *
 * <p>Before {@link #start} (while the first subscription's membership check and last-seq read are in progress)
 * events are held, unbounded in time and bounded in count; {@code start} then drops the ones the read already
 * covers.
 *
 * <p>Not thread-safe: the owner calls every method, and runs the tasks it schedules, under one lock of its own,
 * the same lock that guards what {@code sink} reads. A timeout that fires after the gap it was armed for has
 * closed finds a newer generation and does nothing.
 */
final class ReorderBuffer<T> {

    private final Duration maxWait;
    private final int maxPending;
    private final DelayedTasks timer;
    private final Consumer<T> sink;
    private final LongConsumer gapSkipped;
    private final TreeMap<Long, T> held = new TreeMap<>();

    private boolean started;
    private long nextSeq;
    private long timeoutGeneration;
    private long timeoutGapSeq;
    private DelayedTasks.@Nullable Scheduled timeout;

    /**
     * @param timer schedules the gap timeout; the owner's implementation must run the task under its lock
     * @param sink receives events in seq order, called by whichever caller's offer (or timeout) releases them
     * @param gapSkipped told the highest seq the stream skips without having seen it, before the events after the
     *     gap reach {@code sink}, on the same thread and under the same lock
     */
    ReorderBuffer(Duration maxWait, int maxPending, DelayedTasks timer, Consumer<T> sink, LongConsumer gapSkipped) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        this.maxWait = maxWait;
        this.maxPending = maxPending;
        this.timer = Objects.requireNonNull(timer, "timer");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.gapSkipped = Objects.requireNonNull(gapSkipped, "gapSkipped");
    }

    boolean started() {
        return started;
    }

    /** The seq the buffer waits for next; meaningful once started. */
    long nextSeq() {
        return nextSeq;
    }

    int heldCount() {
        return held.size();
    }

    /**
     * Starts the stream after {@code lastSeq}, which the caller knows was committed before it began to receive
     * (a later start, for another subscriber, changes nothing: the stream has one position for all).
     */
    void start(long lastSeq) {
        if (started) {
            return;
        }
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative, was " + lastSeq);
        }
        started = true;
        nextSeq = lastSeq + 1;
        held.headMap(nextSeq).clear();
        drainConsecutive();
        afterChange();
    }

    /** Takes one event; returns true when it is new (delivered now or held), false for a duplicate. */
    boolean offer(long seq, T event) {
        if (started && seq < nextSeq) {
            return false;
        }
        if (held.putIfAbsent(seq, event) != null) {
            return false;
        }
        if (!started) {
            if (held.size() > maxPending) {
                // Unstarted, the lowest are the likeliest to be covered by the coming start anyway.
                held.pollFirstEntry();
            }
            return true;
        }
        drainConsecutive();
        afterChange();
        return true;
    }

    /** Forgets everything held and cancels the timeout: the room has no subscriber left. */
    void close() {
        held.clear();
        cancelTimeout();
    }

    private void afterChange() {
        if (held.isEmpty()) {
            cancelTimeout();
        } else if (held.size() > maxPending) {
            releaseAllHeld();
        } else if (timeout == null || timeoutGapSeq != nextSeq) {
            // Each gap gets the full wait, counted from when it became the oldest one.
            cancelTimeout();
            long generation = ++timeoutGeneration;
            timeoutGapSeq = nextSeq;
            timeout = timer.schedule(maxWait, () -> onTimeout(generation));
        }
    }

    private void onTimeout(long generation) {
        if (generation != timeoutGeneration || timeout == null) {
            return;
        }
        timeout = null;
        if (!held.isEmpty()) {
            skipOldestGap();
        }
    }

    /**
     * Gives up on the oldest gap only: a younger gap has not had its wait yet (its event may be just as late), so
     * it gets one now, counted from here.
     */
    private void skipOldestGap() {
        long afterGap = held.firstKey();
        gapSkipped.accept(afterGap - 1);
        nextSeq = afterGap;
        drainConsecutive();
        afterChange();
    }

    /** Gives up on every gap: everything held goes out in order, and the stream continues after the last of it. */
    private void releaseAllHeld() {
        cancelTimeout();
        gapSkipped.accept(lastMissing());
        while (!held.isEmpty()) {
            Map.Entry<Long, T> first = held.pollFirstEntry();
            nextSeq = first.getKey() + 1;
            sink.accept(first.getValue());
        }
    }

    /** The highest seq below the last one held that is not held; there is one, or nothing would be held. */
    private long lastMissing() {
        long expected = held.lastKey();
        for (long seq : held.descendingKeySet()) {
            if (seq != expected) {
                break;
            }
            expected--;
        }
        return expected;
    }

    private void drainConsecutive() {
        while (!held.isEmpty() && held.firstKey() == nextSeq) {
            T event = held.pollFirstEntry().getValue();
            nextSeq++;
            sink.accept(event);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
            timeoutGeneration++;
        }
    }
}
