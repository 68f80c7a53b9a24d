package io.chatservice.adapter.out.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskDecorator;

/**
 * Keeps this instance's Redis publishes of room events in the order their transactions committed, while the relay
 * tasks themselves run in parallel (their outbox bookkeeping is a database commit each, worth overlapping).
 *
 * <p>The after-commit listeners hand their relay tasks to the executor on the committing thread, in commit order,
 * and the executor decorates each task right there: that is where it gets its ticket. A relay publishes only when
 * every earlier ticket has published or finished. Without this, two relay threads could publish a room's seqs
 * 8 and 9 in the wrong order, and a subscriber's reorder buffer would have to wait for 8 (and, past its wait,
 * deliver 9 without it, leaving the client to sync).
 *
 * <p>A turn is awaited for at most {@link #MAX_WAIT}, longer than a Redis command may take (the configured
 * {@code spring.data.redis.timeout}, 2 s by default here): the order is a strong preference, never a reason to stall
 * delivery for good (a task the executor refused at shutdown never finishes its ticket). A relay run outside the
 * executor (no ticket) publishes at once.
 */
final class RelayPublishOrder implements TaskDecorator {

    private static final Logger log = LoggerFactory.getLogger(RelayPublishOrder.class);

    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ThreadLocal<Long> currentTicket = new ThreadLocal<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnMoved = lock.newCondition();
    /** Guarded by lock. */
    private long nextToIssue;
    /** Guarded by lock: the lowest ticket that has not finished. */
    private long nextInTurn;
    /** Guarded by lock: finished tickets above {@link #nextInTurn}. */
    private final Set<Long> finishedAhead = new HashSet<>();

    @Override
    public Runnable decorate(Runnable task) {
        long ticket = issue();
        return () -> {
            currentTicket.set(ticket);
            try {
                task.run();
            } finally {
                currentTicket.remove();
                finish(ticket);
            }
        };
    }

    /** Runs {@code publish} once every relay handed over before this one has published (or given up its turn). */
    void publishInTurn(Runnable publish) {
        Long ticket = currentTicket.get();
        if (ticket == null) {
            publish.run();
            return;
        }
        awaitTurn(ticket);
        try {
            publish.run();
        } finally {
            finish(ticket);
        }
    }

    private long issue() {
        lock.lock();
        try {
            return nextToIssue++;
        } finally {
            lock.unlock();
        }
    }

    private void awaitTurn(long ticket) {
        long left = MAX_WAIT.toNanos();
        lock.lock();
        try {
            while (nextInTurn < ticket) {
                if (left <= 0) {
                    log.debug("Relay {} publishes out of turn: {} has not published within {}", ticket, nextInTurn,
                            MAX_WAIT);
                    return;
                }
                left = turnMoved.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Idempotent: a relay finishes its ticket when it has published and again when its task ends. */
    private void finish(long ticket) {
        lock.lock();
        try {
            if (ticket < nextInTurn) {
                return;
            }
            finishedAhead.add(ticket);
            while (finishedAhead.remove(nextInTurn)) {
                nextInTurn++;
            }
            turnMoved.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
