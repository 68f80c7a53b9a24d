package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.TransactionPort;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The application's transaction boundary, implemented with Spring's transaction manager. It lives with the
 * adapters whose statements it bounds, so their tests run in exactly the transactions the application uses.
 */
@Component
class SpringTransactionAdapter implements TransactionPort {

    private final TransactionTemplate readWrite;
    private final TransactionTemplate readOnlySnapshot;

    SpringTransactionAdapter(PlatformTransactionManager transactionManager) {
        this.readWrite = new TransactionTemplate(transactionManager);
        this.readOnlySnapshot = new TransactionTemplate(transactionManager);
        this.readOnlySnapshot.setReadOnly(true);
        // PostgreSQL's REPEATABLE READ is snapshot isolation: every statement of a read sees the same commits,
        // which sync needs (it reads the room's last seq, then the messages up to it). Read-only transactions
        // never fail with serialization errors there.
        this.readOnlySnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return run(readWrite, work);
    }

    @Override
    public boolean isActive() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return run(readOnlySnapshot, work);
    }

    /**
     * When the work fails and the rollback fails too, the caller gets the work's exception, with the rollback's
     * suppressed in it. Spring would throw the rollback's instead, and that is the less telling one: a statement
     * that lost its connection to PostgreSQL (SQLState 08006) leaves a closed connection behind, whose rollback
     * then fails with a bare "Connection is closed", and the caller could no longer tell a database outage from a
     * bug. Nothing was committed either way: the commit is never attempted after the work failed.
     */
    private static <T> T run(TransactionTemplate template, Supplier<T> work) {
        RuntimeException[] workFailure = new RuntimeException[1];
        try {
            return template.execute(status -> {
                try {
                    return work.get();
                } catch (RuntimeException e) {
                    workFailure[0] = e;
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            RuntimeException original = workFailure[0];
            if (original != null && original != e) {
                original.addSuppressed(e);
                throw original;
            }
            throw e;
        }
    }
}
