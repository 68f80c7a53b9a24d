package io.chatservice.adapter.out.persistence.it;

import io.chatservice.application.port.out.TransactionPort;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transaction port over Spring's transaction manager, set up as bootstrap's adapter is (which this module
 * cannot see): read-write transactions with the defaults, read-only ones in REPEATABLE READ, which PostgreSQL
 * runs as one snapshot.
 */
final class SpringTransactions implements TransactionPort {

    private final TransactionTemplate readWrite;
    private final TransactionTemplate readOnlySnapshot;

    SpringTransactions(PlatformTransactionManager transactionManager) {
        readWrite = new TransactionTemplate(transactionManager);
        readOnlySnapshot = new TransactionTemplate(transactionManager);
        readOnlySnapshot.setReadOnly(true);
        readOnlySnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return readWrite.execute(status -> work.get());
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return readOnlySnapshot.execute(status -> work.get());
    }
}
