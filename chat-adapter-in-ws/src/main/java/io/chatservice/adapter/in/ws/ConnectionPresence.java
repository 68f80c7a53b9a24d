package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.PresenceUseCase;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@link PresenceUseCase} which connections are open: each session that completed CONNECT is opened once,
 * and closed exactly once when it ends, however it ends (DISCONNECT, the socket closing, token expiry, a limit).
 *
 * <p>The calls talk to Redis and the database, so they run on {@code executor} (virtual threads), never on the
 * thread that reports the open or the close (the inbound channel, a container thread). A session's close runs
 * after its open has returned, so the registry never sees them the other way round, which would leave the user
 * online for good. Presence is best effort: a failure is logged and the connection carries on as if it had worked.
 * While Redis is down every connect and disconnect fails the same way, so such failures are logged at most once per
 * {@link #WARNING_INTERVAL} for each kind (Redis unavailable, anything else), with the number not logged since;
 * the connections themselves are put into the registry by its next renewal once Redis is back.
 */
final class ConnectionPresence {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPresence.class);

    /** At most one warning per kind of failure per interval. */
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final PresenceUseCase presence;
    private final Executor executor;
    private final Throttle unavailableWarnings;
    private final Throttle failureWarnings;
    /** Sessions whose open was started and whose close was not. */
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    ConnectionPresence(PresenceUseCase presence, Executor executor, LongSupplier nanoTime) {
        this.presence = presence;
        this.executor = executor;
        this.unavailableWarnings = new Throttle(WARNING_INTERVAL, nanoTime);
        this.failureWarnings = new Throttle(WARNING_INTERVAL, nanoTime);
    }

    /** The session completed CONNECT as {@code caller}; a second call for the same session is ignored. */
    void opened(String sessionId, Caller caller) {
        var connection = new Connection(new ConnectionCommand(caller, sessionId));
        if (connections.putIfAbsent(sessionId, connection) != null) {
            return;
        }
        try {
            executor.execute(connection::open);
        } catch (RejectedExecutionException shuttingDown) {
            // Never opened, so nothing to close: the instance is stopping and its connections with it.
            connections.remove(sessionId, connection);
            log.debug("Presence of session {} not announced: shutting down", sessionId);
        }
    }

    /** The session ended; safe to call again, or for a session never opened. */
    void closed(String sessionId) {
        Connection connection = connections.remove(sessionId);
        if (connection != null) {
            connection.closeAfterOpen();
        }
    }

    /** Sessions opened and not yet closed. */
    int count() {
        return connections.size();
    }

    private final class Connection {

        private final ConnectionCommand command;
        private boolean openDone;
        private boolean closeWanted;

        Connection(ConnectionCommand command) {
            this.command = command;
        }

        /** On the executor. */
        void open() {
            call("opened", () -> presence.connectionOpened(command));
            boolean closeNow;
            synchronized (this) {
                openDone = true;
                closeNow = closeWanted;
            }
            if (closeNow) {
                // Already on the executor, and the open has returned: the close may follow right here.
                call("closed", () -> presence.connectionClosed(command));
            }
        }

        /** Once per connection (whoever removed it from the map). */
        void closeAfterOpen() {
            synchronized (this) {
                closeWanted = true;
                if (!openDone) {
                    // The open is still queued or running: it runs the close when it returns.
                    return;
                }
            }
            try {
                executor.execute(() -> call("closed", () -> presence.connectionClosed(command)));
            } catch (RejectedExecutionException shuttingDown) {
                log.debug("Presence of session {} not withdrawn: shutting down", command.connectionId());
            }
        }

        private void call(String change, Runnable call) {
            try {
                call.run();
            } catch (RealtimeUnavailableException unavailable) {
                long notLogged = unavailableWarnings.pass();
                if (notLogged >= 0) {
                    log.warn("Presence of session {} not updated ({}): broadcasts are unavailable ({} more like it"
                            + " not logged; at most one such warning per {})", command.connectionId(), change,
                            notLogged, WARNING_INTERVAL);
                } else {
                    log.debug("Presence of session {} not updated ({}): broadcasts are unavailable",
                            command.connectionId(), change);
                }
            } catch (RuntimeException failed) {
                long notLogged = failureWarnings.pass();
                if (notLogged >= 0) {
                    log.warn("Presence of session {} not updated ({}; {} more failures not logged; at most one such"
                            + " warning per {})", command.connectionId(), change, notLogged, WARNING_INTERVAL, failed);
                } else {
                    log.debug("Presence of session {} not updated ({})", command.connectionId(), change, failed);
                }
            }
        }
    }
}
