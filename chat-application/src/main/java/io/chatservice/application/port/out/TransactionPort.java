package io.chatservice.application.port.out;

import java.util.function.Supplier;

/**
 * The transaction boundary of a use case, so that the application decides where transactions begin and end
 * without depending on a framework. Exceptions thrown by the work roll the transaction back and propagate.
 */
public interface TransactionPort {

    /** Runs {@code work} in a read-write transaction and commits it before returning. */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code work} in a read-only transaction that sees one consistent snapshot of the database. */
    <T> T readOnly(Supplier<T> work);

    /** Whether the calling thread is inside a transaction, which work it starts now would join. */
    boolean isActive();
}
