package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.adapter.out.persistence.it.StatementCounter.Counted;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomMemberKey;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoomAccessIT extends PersistenceIntegrationTest {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");

    @Test
    void lockForAppendIsOneStatementAndAdvanceLastSeqAnother() {
        Room room = createRoom(alice, bob);

        inTransaction(() -> {
            Counted<Optional<RoomAccess>> locked = StatementCounter.count(() -> roomAccess.lockForAppend(room.id(), bob));
            assertThat(locked.statements()).isOne();
            assertThat(locked.result()).get().extracting(RoomAccess::lastSeq).isEqualTo(2L);
            assertThat(locked.result().orElseThrow().member()).isEqualTo(room.member(bob).orElseThrow());

            assertThat(StatementCounter.count(() -> roomAccess.advanceLastSeq(room.id(), 3))).isOne();
        });
        assertThat(roomAccess.loadAccess(room.id(), bob).orElseThrow().lastSeq()).isEqualTo(3);
    }

    /**
     * A group commit of sends locks all its rooms and reads all its senders' memberships in one round trip: one
     * execution of a text holding both statements.
     */
    @Test
    void lockingManyRoomsForManyUsersIsOneRoundTrip() {
        Room first = createRoom(alice, bob);
        Room second = createRoom(bob);
        List<RoomMemberKey> keys = List.of(
                new RoomMemberKey(first.id(), alice),
                new RoomMemberKey(first.id(), bob),
                new RoomMemberKey(second.id(), bob),
                new RoomMemberKey(second.id(), alice),
                new RoomMemberKey(RoomId.newId(), bob));

        Counted<Map<RoomMemberKey, RoomAccess>> locked =
                inTransaction(() -> StatementCounter.count(() -> roomAccess.lockAllForAppend(keys)));

        assertThat(locked.statements()).isOne();
        assertThat(locked.result()).hasSize(4);
        assertThat(locked.result().get(keys.get(3))).isEqualTo(new RoomAccess(second.id(), 1, null));
    }

    /** Presence announces every connect and disconnect to all rooms of the user: one read, however many rooms. */
    @Test
    void theRoomIdsOfAUserAreOneStatementWhateverTheirNumber() {
        Room first = createRoom(alice, bob);
        Room second = createRoom(bob, alice);
        Room third = createRoom(alice);

        Counted<List<RoomId>> rooms = StatementCounter.count(() -> roomAccess.roomIdsOf(alice));

        assertThat(rooms.statements()).isOne();
        assertThat(rooms.result()).containsExactlyInAnyOrder(first.id(), second.id(), third.id());
    }

    @Test
    void aSecondAppenderWaitsForTheFirstToCommitAndThenGetsTheNextSeq() throws Exception {
        Room room = createRoom(alice, bob);
        CountDownLatch firstHoldsLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<Long> first = inBackground(() -> inTransaction(() -> {
            long seq = roomAccess.lockForAppend(room.id(), alice).orElseThrow().lastSeq() + 1;
            firstHoldsLock.countDown();
            await(releaseFirst);
            roomAccess.advanceLastSeq(room.id(), seq);
            return seq;
        }));
        assertThat(firstHoldsLock.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicLong secondPid = new AtomicLong();
        Future<Long> second = inBackground(() -> inTransaction(() -> {
            secondPid.set(backendPid());
            return roomAccess.lockForAppend(room.id(), bob).orElseThrow().lastSeq() + 1;
        }));
        awaitWaitingForLock(awaitPid(secondPid));
        assertThat(second).isNotDone();

        releaseFirst.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void anAppenderThatWaitedSeesTheMembershipCommittedWhileItWaited() throws Exception {
        Room room = createRoom(alice, bob);
        CountDownLatch ownerHoldsRoom = new CountDownLatch(1);
        CountDownLatch releaseOwner = new CountDownLatch(1);
        Future<?> removal = inBackground(() -> inTransaction(() -> {
            Room locked = loadRoom.loadRoomForUpdate(room.id()).orElseThrow();
            ownerHoldsRoom.countDown();
            await(releaseOwner);
            locked.removeMember(alice, bob, now());
            saveWithRecords(locked);
            return locked;
        }));
        assertThat(ownerHoldsRoom.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicLong senderPid = new AtomicLong();
        Future<RoomAccess> removedSender = inBackground(() -> inTransaction(() -> {
            senderPid.set(backendPid());
            return roomAccess.lockForAppend(room.id(), bob).orElseThrow();
        }));
        awaitWaitingForLock(awaitPid(senderPid));

        releaseOwner.countDown();
        removal.get(10, TimeUnit.SECONDS);
        RoomAccess access = removedSender.get(10, TimeUnit.SECONDS);
        assertThat(access.lastSeq()).isEqualTo(3);
        assertThat(access.isMember()).isFalse();
    }

    @Test
    void theLastSeqNeverMovesBackwards() {
        Room room = createRoom(alice, bob);

        assertThatThrownBy(() -> inTransaction(() -> roomAccess.advanceLastSeq(room.id(), 2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> inTransaction(() -> roomAccess.advanceLastSeq(room.id(), 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(roomAccess.loadAccess(room.id(), alice).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void lockingOutsideATransactionIsRefusedBecauseTheLockWouldEndAtOnce() {
        Room room = createRoom(alice);

        assertThatThrownBy(() -> roomAccess.lockForAppend(room.id(), alice)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> roomAccess.advanceLastSeq(room.id(), 2)).isInstanceOf(IllegalStateException.class);
    }
}
