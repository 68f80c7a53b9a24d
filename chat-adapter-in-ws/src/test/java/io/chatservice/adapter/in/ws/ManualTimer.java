package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link DelayedTasks} on a clock that only moves when a test says so. */
final class ManualTimer implements DelayedTasks {

    private final List<Task> tasks = new ArrayList<>();
    private long nowMillis;

    private static final class Task {

        private final long dueMillis;
        private final Runnable action;
        private boolean cancelled;

        Task(long dueMillis, Runnable action) {
            this.dueMillis = dueMillis;
            this.action = action;
        }
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable action) {
        Task task = new Task(nowMillis + delay.toMillis(), action);
        tasks.add(task);
        return () -> {
            synchronized (this) {
                task.cancelled = true;
            }
        };
    }

    /** Moves the clock and runs what became due, in due order, outside the timer's own lock. */
    void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowMillis + duration.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(task -> !task.cancelled && task.dueMillis <= target)
                        .min(Comparator.comparingLong(task -> task.dueMillis)).orElse(null);
                if (next == null) {
                    nowMillis = target;
                    return;
                }
                tasks.remove(next);
                nowMillis = next.dueMillis;
            }
            next.action.run();
        }
    }

    synchronized int pending() {
        return (int) tasks.stream().filter(task -> !task.cancelled).count();
    }
}
