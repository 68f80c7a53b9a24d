package io.chatservice.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The fakes behave like the database and transaction manager they stand in for, or the service tests prove nothing.
 * What every implementation of a port must do is stated once, in the port contracts ({@code testing.contract}),
 * which the {@code InMemory*ContractTest}s run against these fakes; this covers what the contracts cannot: the
 * transaction fake itself, the locking protocol the store checks, and constraints that the ports leave unsaid.
 */
class InMemoryFakesTest {

    private static final Instant NOW = MutableClock.DEFAULT_START;
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final InMemoryTransactions transactions = new InMemoryTransactions(store, events);
    private Room room;

    @BeforeEach
    void aliceAndBobShareARoom() {
        room = Room.create(RoomId.of("r-1"), RoomName.of("general"), Visibility.PUBLIC, ALICE, "Alice",
                List.of(BOB), NOW);
        List<RoomEvent> joins = room.drainEvents();
        store.saveRoom(room);
        joins.forEach(event -> store.insertMessage(event.message()));
    }

    private Message text(long seq, UserId sender, String clientMsgId) {
        return Message.send(MessageId.newId(), room.id(), seq, sender, null, ClientMsgId.of(clientMsgId),
                        MessageContent.of("text " + seq), NOW)
                .message();
    }

    /** Appends a text message the way MessageService does: lock, insert, advance the counter, publish. */
    private Message append(UserId sender, String clientMsgId) {
        long seq = store.lockForAppend(room.id(), sender).orElseThrow().lastSeq() + 1;
        Message message = text(seq, sender, clientMsgId);
        store.insertMessage(message);
        store.advanceLastSeq(room.id(), seq);
        events.publish(List.of(new MessageSent(message)));
        return message;
    }

    @Nested
    class Transactions {

        @Test
        void committedWorkIsKeptAndItsEventsPublished() {
            Message sent = transactions.inTransaction(() -> append(ALICE, "c-1"));

            assertThat(store.messagesIn(room.id())).contains(sent);
            assertThat(store.loadAccess(room.id(), ALICE).orElseThrow().lastSeq()).isEqualTo(3);
            assertThat(events.published()).extracting(RoomEvent::message).containsExactly(sent);
            assertThat(transactions.commitCount()).isEqualTo(1);
        }

        @Test
        void failedWorkLeavesNoPartialWritesAndPublishesNothing() {
            List<Message> before = store.messagesIn(room.id());

            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        append(ALICE, "c-1");
                        store.advanceReadMarker(room.id(), BOB, 3, MessageId.of("m-x"));
                        throw new IllegalArgumentException("boom");
                    }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("boom");

            assertThat(store.messagesIn(room.id())).isEqualTo(before);
            assertThat(store.loadAccess(room.id(), ALICE).orElseThrow().lastSeq()).isEqualTo(2);
            assertThat(store.readState(room.id(), BOB)).contains(new ReadState(2, null, 0));
            assertThat(events.published()).isEmpty();
            assertThat(transactions.rollbackCount()).isEqualTo(1);
        }

        @Test
        void roomSavedInAFailedTransactionIsGone() {
            Room other = Room.create(RoomId.of("r-2"), RoomName.of("other"), Visibility.PRIVATE, BOB, null,
                    List.of(), NOW);

            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        store.saveRoom(other);
                        throw new IllegalStateException("after the save");
                    }))
                    .isInstanceOf(IllegalStateException.class);

            assertThat(store.loadRoom(other.id())).isEmpty();
            assertThat(store.roomCount()).isEqualTo(1);
        }

        @Test
        void transactionAfterARollbackStartsClean() {
            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        append(ALICE, "c-1");
                        throw new IllegalStateException("boom");
                    }))
                    .isInstanceOf(IllegalStateException.class);

            Message sent = transactions.inTransaction(() -> append(ALICE, "c-1"));

            assertThat(sent.seq()).isEqualTo(3);
            assertThat(events.published()).extracting(RoomEvent::seq).containsExactly(3L);
        }

        @Test
        void joinedPartThatFailsRollsBackTheWholeTransactionEvenWhenCaught() {
            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        append(ALICE, "c-1");
                        try {
                            transactions.inTransaction(() -> {
                                throw new IllegalArgumentException("inner");
                            });
                        } catch (IllegalArgumentException ignored) {
                            // The caller recovers, but the shared transaction is already doomed.
                        }
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rolled back");

            assertThat(store.messagesIn(room.id())).hasSize(2);
            assertThat(events.published()).isEmpty();
        }

        @Test
        void readWriteWorkCannotJoinAReadOnlyTransaction() {
            assertThatThrownBy(() -> transactions.readOnly(() -> transactions.inTransaction(() -> 1)))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void readOnlyTransactionRefusesWritesLocksAndEvents() {
            assertThatThrownBy(() -> transactions.readOnly(() -> {
                        store.insertMessage(text(3, ALICE, "c-1"));
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> transactions.readOnly(() -> store.lockForAppend(room.id(), ALICE)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> transactions.readOnly(() -> {
                        events.publish(List.of());
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void eventsCannotBePublishedOutsideATransaction() {
            assertThatThrownBy(() -> events.publish(List.of())).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void activeOnlyInsideTheWork() {
            assertThat(transactions.isActive()).isFalse();
            assertThat(transactions.readOnly(transactions::isActive)).isTrue();
            assertThat(transactions.isActive()).isFalse();
        }
    }

    @Nested
    class LockingProtocol {

        @Test
        void counterCannotBeAdvancedWithoutTheRoomLock() {
            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        store.advanceLastSeq(room.id(), 3);
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lock");
        }

        @Test
        void counterOnlyMovesForward() {
            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        store.lockForAppend(room.id(), ALICE);
                        store.advanceLastSeq(room.id(), 2);
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void storedRoomCannotBeSavedInATransactionWithoutItsLock() {
            Room loaded = store.loadRoom(room.id()).orElseThrow();
            loaded.join(UserId.of("carol"), null, NOW);

            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        store.saveRoom(loaded);
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void roomLocksLastUntilTheTransactionEnds() {
            transactions.inTransaction(() -> store.loadRoomForUpdate(room.id()));

            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                        store.advanceLastSeq(room.id(), 3);
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void roomsCannotBeLockedOutsideATransaction() {
            assertThatThrownBy(() -> store.lockForAppend(room.id(), ALICE)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> store.loadRoomForUpdate(room.id())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Constraints {

        @Test
        void membershipRecordsWithoutClientMsgIdNeverCollide() {
            assertThat(store.messagesIn(room.id())).hasSize(2).allMatch(message -> message.clientMsgId() == null);
        }

        @Test
        void seqIsUniqueWithinARoom() {
            store.insertMessage(text(3, ALICE, "c-1"));

            assertThatThrownBy(() -> store.insertMessage(text(3, BOB, "c-2")))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void messageNeedsAnExistingRoom() {
            Message orphan = Message.send(MessageId.newId(), RoomId.of("nowhere"), 1, ALICE, null,
                            ClientMsgId.of("c-1"), MessageContent.of("x"), NOW)
                    .message();

            assertThatThrownBy(() -> store.insertMessage(orphan)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void updateKeepsWhatNeverChanges() {
            Message original = text(3, ALICE, "c-1");
            store.insertMessage(original);
            Message forged = new Message(original.id(), original.roomId(), 4, original.senderId(), null,
                    original.clientMsgId(), original.type(), original.content(), NOW, NOW, null, 5);

            assertThatThrownBy(() -> store.updateMessage(forged)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Clock {

        @Test
        void standsStillUntilMoved() {
            MutableClock clock = new MutableClock();

            assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START).isEqualTo(clock.instant());
            assertThat(clock.advance(Duration.ofSeconds(5))).isEqualTo(NOW.plusSeconds(5));
            clock.set(Instant.EPOCH);
            assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        }

        @Test
        void isInUtcAndCanBeViewedInAnotherZone() {
            MutableClock clock = new MutableClock(Instant.EPOCH);

            assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
            assertThat(clock.withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(Instant.EPOCH);
        }
    }

    @Nested
    class Factory {

        @Test
        void servicesOfOneFactoryShareItsFakesAndNoOtherFactorys() {
            ChatServices first = ChatServices.create();
            ChatServices second = ChatServices.create(new MutableClock(Instant.EPOCH));
            var alice = new Caller(ALICE, "Alice");

            var created = first.rooms().createRoom(new CreateRoomCommand(
                    alice, RoomName.of("general"), Visibility.PUBLIC, Set.of()));

            assertThat(first.store().loadRoom(created.id())).isPresent();
            assertThat(first.events().published()).hasSize(1);
            assertThat(first.transactions().commitCount()).isEqualTo(1);
            assertThat(created.createdAt()).isEqualTo(first.clock().instant());
            assertThat(second.store().loadRoom(created.id())).isEmpty();
            assertThat(second.events().published()).isEmpty();
            assertThat(second.clock().instant()).isEqualTo(Instant.EPOCH);
        }
    }
}
