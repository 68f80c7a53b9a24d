package io.chatservice.application.testing;

import io.chatservice.application.port.out.TransactionPort;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs the work directly, one transaction at a time (one lock held for the whole transaction makes them
 * serializable, which is stronger than the room lock the services rely on), and tells the participants how
 * each transaction ends: a transaction whose work throws is rolled back, so the store
 * restores its snapshot and the publisher discards the events it recorded.
 *
 * <p>A transaction started inside another joins it, as Spring's REQUIRED propagation does: if the inner
 * work throws, the whole transaction is marked rollback-only even when the outer work catches the
 * exception, and ending it then rolls back and throws {@link IllegalStateException}.
 */
public final class InMemoryTransactions implements TransactionPort {

    private final ReentrantLock lock = new ReentrantLock(true);
    private final List<TransactionParticipant> participants;

    // Guarded by lock.
    private int depth;
    private boolean readOnly;
    private boolean rollbackOnly;
    private long commits;
    private long rollbacks;

    public InMemoryTransactions(TransactionParticipant... participants) {
        this.participants = List.of(participants);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return run(work, false);
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return run(work, true);
    }

    /** Whether the current thread is inside a transaction. */
    @Override
    public boolean isActive() {
        return lock.isHeldByCurrentThread() && depth > 0;
    }

    /** Transactions committed so far, read-only ones included. */
    public long commitCount() {
        lock.lock();
        try {
            return commits;
        } finally {
            lock.unlock();
        }
    }

    /** Transactions rolled back so far. */
    public long rollbackCount() {
        lock.lock();
        try {
            return rollbacks;
        } finally {
            lock.unlock();
        }
    }

    private <T> T run(Supplier<T> work, boolean readOnlyWork) {
        lock.lock();
        try {
            return depth == 0 ? runOutermost(work, readOnlyWork) : runJoined(work, readOnlyWork);
        } finally {
            lock.unlock();
        }
    }

    private <T> T runOutermost(Supplier<T> work, boolean readOnlyWork) {
        depth = 1;
        readOnly = readOnlyWork;
        rollbackOnly = false;
        participants.forEach(participant -> participant.begin(readOnlyWork));
        T result;
        try {
            result = work.get();
        } catch (Throwable failure) {
            end(false);
            throw failure;
        }
        if (rollbackOnly) {
            end(false);
            throw new IllegalStateException("transaction rolled back because a joined part of it failed");
        }
        end(true);
        return result;
    }

    private <T> T runJoined(Supplier<T> work, boolean readOnlyWork) {
        if (readOnly && !readOnlyWork) {
            throw new IllegalStateException("a read-write transaction cannot join a read-only one");
        }
        depth++;
        try {
            return work.get();
        } catch (Throwable failure) {
            rollbackOnly = true;
            throw failure;
        } finally {
            depth--;
        }
    }

    private void end(boolean commit) {
        depth = 0;
        try {
            if (commit) {
                participants.forEach(TransactionParticipant::commit);
                commits++;
            } else {
                participants.forEach(TransactionParticipant::rollback);
                rollbacks++;
            }
        } finally {
            rollbackOnly = false;
        }
    }
}
