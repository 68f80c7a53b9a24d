package io.chatservice.adapter.out.persistence;

import io.chatservice.application.port.out.TransactionPort;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
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
    private final JdbcClient jdbc;

    SpringTransactionAdapter(PlatformTransactionManager transactionManager, JdbcClient jdbc) {
        this.readWrite = new TransactionTemplate(transactionManager);
        this.readOnlySnapshot = new TransactionTemplate(transactionManager);
        this.readOnlySnapshot.setReadOnly(true);
        this.jdbc = jdbc;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return run(readWrite, status -> work.get());
    }

    @Override
    public boolean isActive() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    /**
     * A read-only transaction at PostgreSQL's REPEATABLE READ, which is snapshot isolation: every statement of a
     * read sees the same commits, which sync needs (it reads the room's last seq, then the messages up to it), and
     * a read-only transaction never fails with a serialization error there. The level is set by the transaction's
     * first statement rather than through Spring's isolation setting: Spring would read the connection's level,
     * change it for the session and set it back afterwards, three round trips to PostgreSQL for every read where
     * this statement is one. In a reconnect storm (1,000 clients subscribing and syncing at once) those kept the
     * pooled connections busy long enough for requests to time out waiting for one. A read that joins a
     * transaction already running keeps that transaction's level, as it did before.
     */
    @Override
    public <T> T readOnly(Supplier<T> work) {
        return run(readOnlySnapshot, status -> {
            if (status.isNewTransaction()) {
                jdbc.sql("set transaction isolation level repeatable read").update();
            }
            return work.get();
        });
    }

    /**
     * When the work fails and the rollback fails too, the caller gets the work's exception, with the rollback's
     * suppressed in it. Spring would throw the rollback's instead, and that is the less telling one: a statement
     * that lost its connection to PostgreSQL (SQLState 08006) leaves a closed connection behind, whose rollback
     * then fails with a bare "Connection is closed", and the caller could no longer tell a database outage from a
     * bug. Nothing was committed either way: the commit is never attempted after the work failed.
     */
    private static <T> T run(TransactionTemplate template, TransactionCallback<T> work) {
        RuntimeException[] workFailure = new RuntimeException[1];
        try {
            return template.execute(status -> {
                try {
                    return work.doInTransaction(status);
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
