package io.chatservice.it.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The frames one subscription (or the session itself, for ERROR frames) received and a test has not taken yet,
 * in arrival order. Waiting is by condition with a deadline, never by a fixed sleep.
 */
final class FrameInbox {

    private final String name;
    private final List<ReceivedFrame> frames = new ArrayList<>();

    FrameInbox(String name) {
        this.name = name;
    }

    synchronized void add(ReceivedFrame frame) {
        frames.add(frame);
        notifyAll();
    }

    /** Removes and returns the first frame that matches, waiting for one up to the timeout; null if none came. */
    synchronized @Nullable ReceivedFrame poll(Predicate<ReceivedFrame> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<ReceivedFrame> it = frames.iterator(); it.hasNext(); ) {
                ReceivedFrame frame = it.next();
                if (match.test(frame)) {
                    it.remove();
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            waitNanos(left);
        }
    }

    /**
     * Waits until a frame matches, then removes and returns it together with every frame that came before it:
     * a test that sends a marker after something that must not arrive can then see that nothing else did.
     */
    synchronized @Nullable List<ReceivedFrame> pollThrough(Predicate<ReceivedFrame> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < frames.size(); i++) {
                if (match.test(frames.get(i))) {
                    List<ReceivedFrame> taken = new ArrayList<>(frames.subList(0, i + 1));
                    frames.subList(0, i + 1).clear();
                    return taken;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            waitNanos(left);
        }
    }

    /** Removes and returns every frame received so far. */
    synchronized List<ReceivedFrame> drain() {
        List<ReceivedFrame> all = List.copyOf(frames);
        frames.clear();
        return all;
    }

    synchronized List<ReceivedFrame> snapshot() {
        return List.copyOf(frames);
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a frame on " + name, e);
        }
    }

    @Override
    public synchronized String toString() {
        return name + " " + frames;
    }
}
