package io.chatservice.adapter.in.ws;

import java.time.Duration;

/**
 * Runs a task once after a delay. The adapter's timers (reorder waits, token expiry) are short and never block,
 * so they share the broker's scheduler; tests pass a manual clock instead.
 */
@FunctionalInterface
interface DelayedTasks {

    Scheduled schedule(Duration delay, Runnable task);

    /** A task that has not run yet can be cancelled; cancelling one that ran or is running does nothing. */
    @FunctionalInterface
    interface Scheduled {

        void cancel();
    }
}
