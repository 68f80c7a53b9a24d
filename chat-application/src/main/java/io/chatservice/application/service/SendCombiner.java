package io.chatservice.application.service;

import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Group commit of sends. Callers queue their command and wait; one committer thread takes whatever has queued
 * (up to the batch limit) and commits it in one transaction, then answers every caller. There is no linger:
 * a lone send is committed at once, and the batch is whatever arrived while the previous commit ran, so the
 * batch size grows with the load by itself.
 *
 * <p>One committer per instance keeps the seqs of a room in queue order and holds one connection for all sends.
 * A batch whose transaction fails as a whole is retried one send per transaction, in queue order, so that one
 * bad send cannot fail its neighbours; a failure to even begin a transaction (no connection) is everyone's.
 *
 * <p>The committer thread never ends because of a batch: whatever a batch throws goes to that batch's callers.
 * {@link #close()} stops the intake (later sends run alone on their own thread, as without batching) and lets the
 * committer finish what is queued, so no caller is left waiting and none is answered for a send that is lost.
 */
final class SendCombiner implements AutoCloseable {

    private static final System.Logger log = System.getLogger(SendCombiner.class.getName());

    /** How long {@link #close()} waits for the queued sends; they keep running after it if the database is slow. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The transactions a combiner runs; implemented by the message service. */
    interface Work {

        /**
         * Runs every command in one transaction and returns one outcome per command, in order. A command that
         * is refused (no such room, not a member) has its failure as its outcome and takes no seq; an exception
         * means the transaction failed as a whole and nothing of it was committed. Calls {@code began} as the
         * first thing inside the transaction.
         */
        List<Outcome> inOneTransaction(List<SendMessageCommand> commands, Runnable began);

        /** Runs one command in its own transaction, calling {@code began} as the first thing inside it. */
        SendResult alone(SendMessageCommand command, Runnable began);
    }

    /** A command's answer: its result or the exception its caller gets. */
    record Outcome(@Nullable SendResult result, @Nullable Throwable failure) {

        Outcome {
            if ((result == null) == (failure == null)) {
                throw new IllegalArgumentException("an outcome is a result or a failure");
            }
        }

        static Outcome of(SendResult result) {
            return new Outcome(result, null);
        }

        static Outcome failed(Throwable failure) {
            return new Outcome(null, failure);
        }
    }

    private sealed interface Entry permits Pending, Stop {}

    private record Pending(SendMessageCommand command, CompletableFuture<SendResult> answer) implements Entry {}

    /** Queued by {@link #close()} behind every accepted send. */
    private record Stop() implements Entry {}

    private final Work work;
    private final int maxBatchSize;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Sends share the read side to queue; close takes the write side, so nothing is queued behind the stop. */
    private final ReadWriteLock intake = new ReentrantReadWriteLock();
    private final Thread committer;

    // Guarded by intake's write lock (read under its read lock).
    private boolean closed;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong sends = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();

    SendCombiner(Work work, int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be positive, was " + maxBatchSize);
        }
        this.work = Objects.requireNonNull(work, "work");
        this.maxBatchSize = maxBatchSize;
        // A platform thread: it lives as long as the service, and a daemon so that a JVM that exits without
        // closing the service is not held up by it (its callers then get no answer, never a false one).
        this.committer = Thread.ofPlatform().name("send-committer").daemon(true).unstarted(this::commitLoop);
        this.committer.setUncaughtExceptionHandler((thread, failure) ->
                log.log(Level.ERROR, "send committer ended unexpectedly; sends now run alone", failure));
    }

    void start() {
        committer.start();
    }

    /** Queues the command and waits for the commit of its batch; after {@link #close()}, sends it alone. */
    SendResult send(SendMessageCommand command) {
        return await(submit(command));
    }

    /**
     * Queues the command behind every command queued before it and returns at once; the future completes after
     * the commit of its batch. After {@link #close()}, sends it alone before returning.
     */
    CompletableFuture<SendResult> submit(SendMessageCommand command) {
        Pending pending = new Pending(command, new CompletableFuture<>());
        if (enqueue(pending)) {
            return pending.answer();
        }
        try {
            return CompletableFuture.completedFuture(work.alone(command, () -> { }));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    SendStatistics statistics() {
        return new SendStatistics(batches.get(), sends.get(), fallbacks.get());
    }

    /** Sends queued and not yet taken by the committer. */
    int queued() {
        return (int) queue.stream().filter(Pending.class::isInstance).count();
    }

    /**
     * Stops taking sends and waits (up to {@link #DRAIN_TIMEOUT}) until the committer has answered every send
     * queued before; idempotent.
     */
    @Override
    public void close() {
        intake.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Stop());
        } finally {
            intake.writeLock().unlock();
        }
        try {
            if (!committer.join(DRAIN_TIMEOUT)) {
                log.log(Level.WARNING, "send committer still has sends queued after {0}; they finish in the background",
                        DRAIN_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean enqueue(Pending pending) {
        intake.readLock().lock();
        try {
            if (closed || !committer.isAlive()) {
                return false;
            }
            queue.add(pending);
            return true;
        } finally {
            intake.readLock().unlock();
        }
    }

    /**
     * Waits for the answer even when interrupted: the send may be committing, and a caller told "failed" for a
     * send that is then committed would be wrong. The interrupt is kept for the caller to see afterwards.
     */
    private static SendResult await(CompletableFuture<SendResult> answer) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrow(@Nullable Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("send failed", failure);
    }

    private void commitLoop() {
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        List<Entry> taken = new ArrayList<>(maxBatchSize);
        boolean stopped = false;
        while (!stopped) {
            try {
                taken.add(takeUninterruptibly());
                queue.drainTo(taken, maxBatchSize - 1);
                for (Entry entry : taken) {
                    switch (entry) {
                        case Pending pending -> batch.add(pending);
                        // Nothing is queued behind the stop, so the batch it ends is the last one.
                        case Stop stop -> stopped = true;
                    }
                }
                if (!batch.isEmpty()) {
                    commit(batch);
                }
            } catch (Throwable unexpected) {
                // commit answers its callers itself; this is a last resort so that nobody waits forever.
                log.log(Level.ERROR, "send committer failed a batch unexpectedly", unexpected);
                batch.forEach(pending -> pending.answer().completeExceptionally(unexpected));
            } finally {
                batch.clear();
                taken.clear();
            }
        }
    }

    private Entry takeUninterruptibly() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    // Only close() ends the committer, after it has answered every queued send.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<SendMessageCommand> commands = batch.stream().map(Pending::command).toList();
        boolean[] began = {false};
        List<Outcome> outcomes;
        try {
            outcomes = work.inOneTransaction(commands, () -> began[0] = true);
            batches.incrementAndGet();
            sends.addAndGet(batch.size());
        } catch (Throwable failure) {
            if (!began[0]) {
                // No transaction could even begin (no connection): one at a time would fail the same way.
                batch.forEach(pending -> pending.answer().completeExceptionally(failure));
                return;
            }
            // Even a batch of one: alone, a send whose clientMsgId a racing writer took is answered with the
            // original, and a transient failure (deadlock, serialization) gets its one retry.
            fallbacks.incrementAndGet();
            oneByOne(batch);
            return;
        }
        if (outcomes.size() != batch.size()) {
            IllegalStateException broken = new IllegalStateException(
                    "batch of " + batch.size() + " sends answered with " + outcomes.size() + " outcomes");
            batch.forEach(pending -> pending.answer().completeExceptionally(broken));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i).answer(), outcomes.get(i));
        }
    }

    /**
     * The batch failed as a whole (a clientMsgId inserted by a writer that did not take the room lock, a
     * serialization failure, a deadlock): each send gets its own transaction and its own answer.
     */
    private void oneByOne(List<Pending> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            boolean[] began = {false};
            try {
                pending.answer().complete(work.alone(pending.command(), () -> began[0] = true));
            } catch (Throwable failure) {
                pending.answer().completeExceptionally(failure);
                if (!began[0]) {
                    for (Pending rest : batch.subList(i + 1, batch.size())) {
                        rest.answer().completeExceptionally(failure);
                    }
                    return;
                }
            }
        }
    }

    private static void complete(CompletableFuture<SendResult> answer, Outcome outcome) {
        if (outcome.failure() != null) {
            answer.completeExceptionally(outcome.failure());
        } else {
            answer.complete(Objects.requireNonNull(outcome.result()));
        }
    }
}
