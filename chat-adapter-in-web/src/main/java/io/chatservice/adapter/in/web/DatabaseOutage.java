package io.chatservice.adapter.in.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a failure caused by an unreachable database from any other: the pool timing out on a connection (Hikari's
 * {@link SQLTransientConnectionException}, under Spring's {@code CannotCreateTransactionException}), a connection
 * lost mid-statement (SQLState class 08, under {@code DataAccessResourceFailureException}), or PostgreSQL shutting
 * down or still starting (57P01 to 57P03). Whatever Spring or Hibernate wrapped it in, the JDBC exception is in the
 * cause chain, so no persistence type leaks into this adapter. Such a failure is the service's condition, not the
 * request's: the client is told to retry, which is safe for a send (its clientMsgId makes it idempotent).
 */
final class DatabaseOutage {

    private static final int MAX_DEPTH = 32;

    private DatabaseOutage() {
    }

    static boolean causes(@Nullable Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
