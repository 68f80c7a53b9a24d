package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.fail;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the adapter-specific integration tests: statement counts, lock waits, what PostgreSQL itself refuses.
 * What every implementation of a port must do is in the port contracts, run here by the
 * {@code Postgres*ContractIT}s; both kinds share one Spring context ({@link PersistenceTestContext}) against
 * {@link TestDatabase}. Each test makes its own rooms and users with random ids: the database may be shared.
 * The fixtures drive the ports the way the application services do.
 */
@PersistenceTestContext
abstract class PersistenceIntegrationTest {

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

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    protected static UserId newUser(String name) {
        return UserId.of(name + "-" + UUID.randomUUID());
    }

    /** PostgreSQL keeps microseconds; a finer instant would not read back equal. */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    protected <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    protected void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    protected <T> Future<T> inBackground(Callable<T> work) {
        return background.submit(work);
    }

    /** Creates a room as the room service does: the room with its members first, then the JOIN records. */
    protected Room createRoom(String name, Visibility visibility, UserId owner, UserId... others) {
        Room room = Room.create(RoomId.newId(), RoomName.of(name), visibility, owner, "Owner", List.of(others), now());
        inTransaction(() -> saveChanges(room));
        return room;
    }

    protected Room createRoom(UserId owner, UserId... others) {
        return createRoom("room " + UUID.randomUUID(), Visibility.PUBLIC, owner, others);
    }

    /** Inside a transaction: saves a changed room and the JOIN/LEAVE records of its changes. */
    protected void saveChanges(Room room) {
        List<RoomEvent> events = room.drainEvents();
        saveRoom.saveRoom(room);
        events.forEach(event -> saveMessages.insertMessage(event.message()));
    }

    /** Locks the room, changes it and saves it in one transaction, as a membership change does. */
    protected Room changeRoom(RoomId roomId, Consumer<Room> change) {
        return inTransaction(() -> {
            Room room = loadRoom.loadRoomForUpdate(roomId).orElseThrow();
            change.accept(room);
            saveChanges(room);
            return room;
        });
    }

    protected Message send(RoomId roomId, UserId sender, String text) {
        return inTransaction(() -> {
            RoomAccess access = roomAccess.lockForAppend(roomId, sender).orElseThrow();
            Message message = Message.send(
                            MessageId.newId(),
                            roomId,
                            access.lastSeq() + 1,
                            sender,
                            "Sender",
                            ClientMsgId.of(UUID.randomUUID().toString()),
                            MessageContent.of(text),
                            now())
                    .message();
            saveMessages.insertMessage(message);
            roomAccess.advanceLastSeq(roomId, message.seq());
            return message;
        });
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

    /** Waits for a background transaction to reach a point; a test that hangs here has failed. */
    protected static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                fail("gave up waiting for the other transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
