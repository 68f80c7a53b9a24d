package io.chatservice.adapter.out.redis;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.task.TaskDecorator;

/**
 * Counts the relay tasks handed to the relay executor and not yet finished, exactly. The executor decorates a task
 * on the submitting thread, as it is handed over, so a task is counted from before it is queued until it has run:
 * the executor's own figures ({@code getQueueSize() + getActiveCount()}) miss a task that a worker has taken from
 * the queue and not yet begun, and {@link RoomEventRelayDrain} would then see "idle" with a relay still to run.
 */
final class InFlightRelays implements TaskDecorator {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Runnable decorate(Runnable task) {
        count.incrementAndGet();
        return () -> {
            try {
                task.run();
            } finally {
                count.decrementAndGet();
            }
        };
    }

    /** Relay tasks submitted and not yet finished (queued, being taken, or running). */
    int count() {
        return count.get();
    }
}
