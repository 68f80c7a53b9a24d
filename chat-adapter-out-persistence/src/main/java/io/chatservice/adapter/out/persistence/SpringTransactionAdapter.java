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
        return readWrite.execute(status -> work.get());
    }

    @Override
    public boolean isActive() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return readOnlySnapshot.execute(status -> work.get());
    }
}
