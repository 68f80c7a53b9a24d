package io.chatservice.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * When each message is meant to be sent: the k-th send of a segment at {@code start + k / rate}, whatever
 * happened to the sends before it. Latency is measured from this intended time, not from when the tool got
 * round to sending, so a stalled server (or a stalled tool) cannot hide its delay by slowing the senders down
 * (coordinated omission).
 */
final class OpenLoopSchedule {

    /** Receives each send at its intended time (or as soon after it as the pacing thread can manage). */
    interface Dispatcher {
        void dispatch(long sequence, long intendedNanos);
    }

    private final long startNanos;
    private final double periodNanos;

    OpenLoopSchedule(long startNanos, double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.startNanos = startNanos;
        this.periodNanos = 1e9 / ratePerSecond;
    }

    long intendedNanos(long k) {
        return startNanos + (long) (k * periodNanos);
    }

    /** How many sends are due strictly before {@code untilNanos}. */
    long dueBefore(long untilNanos) {
        if (untilNanos <= startNanos) {
            return 0;
        }
        return (long) Math.ceil((untilNanos - startNanos) / periodNanos);
    }

    /**
     * Runs the segment on the calling thread until {@code endNanos}, numbering sends from {@code firstSequence};
     * returns the next free number. A dispatch that comes late is still handed its intended time.
     */
    long run(long endNanos, long firstSequence, Dispatcher dispatcher) {
        long due = dueBefore(endNanos);
        for (long k = 0; k < due; k++) {
            long intended = intendedNanos(k);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            dispatcher.dispatch(firstSequence + k, intended);
        }
        return firstSequence + due;
    }
}
