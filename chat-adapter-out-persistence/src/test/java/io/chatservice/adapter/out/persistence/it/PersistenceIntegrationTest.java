package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.fail;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.testing.contract.ChatPorts;
import io.chatservice.application.testing.contract.PortContract;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the adapter-specific integration tests: statement counts, lock waits, what PostgreSQL itself refuses.
 * What every implementation of a port must do is in the port contracts, run here by the
 * {@code Postgres*ContractIT}s; both kinds share one Spring context ({@link PersistenceTestContext}) against
 * {@link TestDatabase}, and the fixtures that drive the ports the way the application services do are the
 * contracts' own ({@link PortContract}). Each test makes its own rooms and users with random ids: the database
 * may be shared.
 */
@PersistenceTestContext
abstract class PersistenceIntegrationTest extends PortContract {

    @Autowired
    private ChatPorts ports;

    /** For tests that need a transaction of their own, beside the ones the fixtures run. */
    @Autowired
    protected TransactionTemplate transactions;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected LoadRoomPort loadRoom;

    @Autowired
    protected SaveRoomPort saveRoom;

    @Autowired
    protected RoomAccessPort roomAccess;

    @Autowired
    protected SaveMessagePort saveMessages;

    @Autowired
    protected ReadMarkerPort readMarkers;

    @Override
    protected ChatPorts ports() {
        return ports;
    }

    /** Inside a transaction: the server process serving it, to watch it from another connection. */
    protected long backendPid() {
        return jdbc.sql("select pg_backend_pid()").query(Long.class).single();
    }

    /** Waits until the given server process is blocked waiting for a lock. */
    protected void awaitWaitingForLock(long pid) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            String waitingFor = jdbc.sql("select coalesce(wait_event_type, '') from pg_stat_activity where pid = :pid")
                    .param("pid", pid)
                    .query(String.class)
                    .single();
            if ("Lock".equals(waitingFor)) {
                return;
            }
            Thread.sleep(20);
        }
        fail("backend %d never waited for a lock", pid);
    }

    /** The backend pid a background transaction publishes once it has started. */
    protected static long awaitPid(AtomicLong pid) throws InterruptedException {
        for (int i = 0; i < 1000 && pid.get() == 0; i++) {
            Thread.sleep(10);
        }
        if (pid.get() == 0) {
            fail("the background transaction never started");
        }
        return pid.get();
    }
}
