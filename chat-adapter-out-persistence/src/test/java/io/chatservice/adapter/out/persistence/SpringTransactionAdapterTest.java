package io.chatservice.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.SimpleTransactionStatus;

class SpringTransactionAdapterTest {

    /** A transaction manager whose connection died: every rollback fails, as Hibernate's does on a closed one. */
    private static final class DeadConnectionTransactions implements PlatformTransactionManager {

        int commits;

        @Override
        public TransactionStatus getTransaction(@Nullable TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
            commits++;
        }

        @Override
        public void rollback(TransactionStatus status) {
            throw new TransactionSystemException("Unable to rollback against JDBC Connection: Connection is closed");
        }
    }

    private final DeadConnectionTransactions transactions = new DeadConnectionTransactions();
    private final SpringTransactionAdapter adapter =
            new SpringTransactionAdapter(transactions, mock(JdbcClient.class, RETURNS_DEEP_STUBS));

    @Test
    void whenTheRollbackFailsTooTheCallerGetsTheWorksFailure() {
        var lost = new DataAccessResourceFailureException("I/O error while sending to the backend");

        assertThatThrownBy(() -> adapter.inTransaction(() -> {
            throw lost;
        })).isSameAs(lost).satisfies(thrown -> assertThat(thrown.getSuppressed())
                .singleElement().isInstanceOf(TransactionSystemException.class));
        assertThatThrownBy(() -> adapter.readOnly(() -> {
            throw lost;
        })).isSameAs(lost);
        assertThat(transactions.commits).isZero();
    }

    @Test
    void workThatSucceedsIsCommittedAndReturned() {
        assertThat(adapter.inTransaction(() -> "done")).isEqualTo("done");
        assertThat(transactions.commits).isEqualTo(1);
    }
}
