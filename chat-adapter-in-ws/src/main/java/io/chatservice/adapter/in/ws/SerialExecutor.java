package io.chatservice.adapter.in.ws;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's frames one after another, in the order they arrived, on a shared executor (virtual threads):
 * a SEND that commits to PostgreSQL holds up only its own session, and its ack and receipt go out before anything
 * the session sent after it is answered. The queue is bounded: a client that sends faster than it is served is
 * refused rather than buffered without end.
 */
final class SerialExecutor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor executor;
    private final int maxQueued;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    SerialExecutor(Executor executor, int maxQueued) {
        this.executor = executor;
        this.maxQueued = maxQueued;
    }

    /** Queues the task after every task queued before it; false (and not queued) when the queue is full. */
    boolean offer(Runnable task) {
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            return false;
        }
        tasks.add(task);
        scheduleDrain();
        return true;
    }

    int queued() {
        return queued.get();
    }

    /** True when no task is queued or running. */
    boolean isIdle() {
        return queued.get() == 0 && !draining.get();
    }

    private void scheduleDrain() {
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                // Only when the executor is shutting down: the session goes with it.
                draining.set(false);
                log.debug("Frames not processed: the executor refused them", rejected);
            }
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                queued.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException unexpected) {
                    // Tasks answer their own failures; this is a last guard that keeps the session's queue moving.
                    log.error("A frame task failed", unexpected);
                }
            }
        } finally {
            draining.set(false);
            scheduleDrain();
        }
    }
}
