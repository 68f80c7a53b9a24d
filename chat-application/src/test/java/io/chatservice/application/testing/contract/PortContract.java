package io.chatservice.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;

/**
 * What every out-port contract stands on: the ports that store rooms and messages and the transaction boundary.
 * The contracts arrange their data through these ports exactly as the services write it, so an implementation
 * that enforces the services' protocol (as the in-memory fake does) accepts it: every write runs in a
 * read-write transaction, the room is locked ({@code lockForAppend} or {@code loadRoomForUpdate}) before its
 * counter moves or a message is written, and reads run in read-only transactions.
 *
 * <p>The PostgreSQL implementation runs against a database that is shared and never emptied: every room and
 * user a test makes has a fresh random id, and no assertion counts anything beyond them. Instants are kept to
 * microseconds, as the application's clock ticks and as PostgreSQL stores them.
 */
public abstract class PortContract {

    /** Long enough for a transaction that is not held back by a lock to finish, on a busy machine. */
    private static final long OVERTAKE_MILLIS = 300;

    private final ExecutorService background = Executors.newCachedThreadPool();

    /** The implementation under test; a fresh store per test instance where the implementation allows. */
    protected abstract ChatPorts ports();

    protected TransactionPort transactions() {
        return ports().transactions();
    }

    protected LoadRoomPort loadRoomPort() {
        return ports().loadRoom();
    }

    protected SaveRoomPort saveRoomPort() {
        return ports().saveRoom();
    }

    protected RoomAccessPort roomAccessPort() {
        return ports().roomAccess();
    }

    protected LoadMessagePort loadMessagePort() {
        return ports().loadMessages();
    }

    protected SaveMessagePort saveMessagePort() {
        return ports().saveMessages();
    }

    protected ReadMarkerPort readMarkerPort() {
        return ports().readMarkers();
    }

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    protected static UserId newUser(String name) {
        return UserId.of(name + "-" + UUID.randomUUID());
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    protected <T> T inTransaction(Supplier<T> work) {
        return transactions().inTransaction(work);
    }

    protected void inTransaction(Runnable work) {
        transactions().inTransaction(() -> {
            work.run();
            return null;
        });
    }

    protected <T> T read(Supplier<T> work) {
        return transactions().readOnly(work);
    }

    /** A new room, not yet stored, whose creator joined as "Owner"; its JOIN events are still pending. */
    protected static Room newRoom(String name, Visibility visibility, UserId owner, UserId... others) {
        return Room.create(RoomId.newId(), RoomName.of(name), visibility, owner, "Owner", List.of(others), now());
    }

    protected Room createRoom(String name, Visibility visibility, UserId owner, UserId... others) {
        Room room = newRoom(name, visibility, owner, others);
        inTransaction(() -> saveWithRecords(room));
        return room;
    }

    /** A public room with a random name. */
    protected Room createRoom(UserId owner, UserId... others) {
        return createRoom("room " + UUID.randomUUID(), Visibility.PUBLIC, owner, others);
    }

    /**
     * Inside a transaction, as the room service does: the room first (messages reference it), then the JOIN
     * and LEAVE records of its pending events. Returns the events.
     */
    protected List<RoomEvent> saveWithRecords(Room room) {
        List<RoomEvent> events = room.drainEvents();
        saveRoomPort().saveRoom(room);
        events.forEach(event -> saveMessagePort().insertMessage(event.message()));
        return events;
    }

    /** Locks the room, changes it and saves it with its records, in one transaction. */
    protected Room changeRoom(RoomId roomId, Consumer<Room> change) {
        return inTransaction(() -> {
            Room room = loadRoomPort().loadRoomForUpdate(roomId).orElseThrow();
            change.accept(room);
            saveWithRecords(room);
            return room;
        });
    }

    protected Message send(RoomId roomId, UserId sender, String text) {
        return send(roomId, sender, ClientMsgId.of(UUID.randomUUID().toString()), text);
    }

    /** Appends a text message as the message service does: lock, take the next seq, insert, advance the counter. */
    protected Message send(RoomId roomId, UserId sender, ClientMsgId clientMsgId, String text) {
        return inTransaction(() -> {
            long seq = lockForAppend(roomId, sender).lastSeq() + 1;
            Message message = textMessage(roomId, seq, sender, clientMsgId, text);
            saveMessagePort().insertMessage(message);
            roomAccessPort().advanceLastSeq(roomId, seq);
            return message;
        });
    }

    /** The author edits {@code message}, which must be its latest version. */
    protected Message edit(Message message, String text) {
        return inTransaction(() -> {
            long seq = lockForAppend(message.roomId(), message.senderId()).lastSeq() + 1;
            Message edited = message.editBy(message.senderId(), MessageContent.of(text), seq, now()).message();
            saveMessagePort().updateMessage(edited);
            roomAccessPort().advanceLastSeq(message.roomId(), seq);
            return edited;
        });
    }

    /** The author deletes {@code message}, which must be its latest version and not deleted yet. */
    protected Message delete(Message message) {
        return inTransaction(() -> {
            long seq = lockForAppend(message.roomId(), message.senderId()).lastSeq() + 1;
            MessageDeleted deleted = Objects.requireNonNull(message.deleteBy(message.senderId(), false, seq, now()));
            saveMessagePort().updateMessage(deleted.message());
            roomAccessPort().advanceLastSeq(message.roomId(), seq);
            return deleted.message();
        });
    }

    protected static Message textMessage(RoomId roomId, long seq, UserId sender, ClientMsgId clientMsgId, String text) {
        return Message.send(
                        MessageId.newId(), roomId, seq, sender, "Sender", clientMsgId, MessageContent.of(text), now())
                .message();
    }

    /** Runs {@code work} on another thread, which a transaction there holds for its whole length. */
    protected <T> Future<T> inBackground(Callable<T> work) {
        return background.submit(work);
    }

    /** Waits for another transaction to reach a point; a test that hangs here has failed. */
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

    /**
     * Gives {@code blocked} time to finish and checks that it did not: it cannot, while another transaction
     * holds the lock it needs. (An implementation that took no lock would let it finish, or at least let it
     * read what it reads too early, which the test's later assertions see.)
     */
    protected static void assertStillWaiting(Future<?> blocked) {
        assertThatThrownBy(() -> blocked.get(OVERTAKE_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
    }

    private RoomAccess lockForAppend(RoomId roomId, UserId user) {
        return roomAccessPort().lockForAppend(roomId, user).orElseThrow();
    }
}
