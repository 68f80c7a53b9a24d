package io.chatservice.application.testing;

/**
 * A fake that takes part in {@link InMemoryTransactions}: it is told when a transaction begins and how it
 * ends, so that a rolled-back use case leaves no trace in it, as a database transaction would.
 *
 * <p>Calls come from the thread that runs the transaction, one transaction at a time.
 */
public interface TransactionParticipant {

    void begin(boolean readOnly);

    void commit();

    void rollback();
}
