package io.chatservice.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.RoomMemberKey;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link RoomAccessPort}: a room's last seq with one user's membership, read plainly or locked for an append;
 * empty for an unknown room, a {@code null} member for a non-member; the counter an appender advances; and a
 * lock that makes the next appender wait until the first commits, then read what it committed; and the same
 * for several rooms and users at once.
 */
public abstract class RoomAccessContract extends PortContract {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");
    private final UserId carol = newUser("carol");

    @Test
    void accessOfAMemberCarriesTheRoomsLastSeqAndTheirMembership() {
        Room room = createRoom(alice, bob);
        send(room.id(), alice, "hello");

        RoomAccess access = read(() -> roomAccessPort().loadAccess(room.id(), bob)).orElseThrow();

        assertThat(access.roomId()).isEqualTo(room.id());
        assertThat(access.lastSeq()).isEqualTo(3);
        assertThat(access.member()).isEqualTo(room.member(bob).orElseThrow());
        assertThat(access.isOwner()).isFalse();
        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().isOwner()).isTrue();
    }

    @Test
    void accessOfANonMemberCarriesTheLastSeqAndNoMember() {
        Room room = createRoom(alice);

        RoomAccess access = read(() -> roomAccessPort().loadAccess(room.id(), bob)).orElseThrow();

        assertThat(access).isEqualTo(new RoomAccess(room.id(), 1, null));
        assertThat(access.isMember()).isFalse();
    }

    @Test
    void theRoomIdsOfAUserAreTheRoomsTheyAreAMemberOfNow() {
        Room both = createRoom(alice, bob);
        Room alicesOnly = createRoom(alice);
        Room left = createRoom(carol, alice);
        changeRoom(left.id(), room -> room.leave(alice, now()));

        assertThat(read(() -> roomAccessPort().roomIdsOf(alice)))
                .containsExactlyInAnyOrder(both.id(), alicesOnly.id());
        assertThat(read(() -> roomAccessPort().roomIdsOf(bob))).containsExactly(both.id());
        assertThat(read(() -> roomAccessPort().roomIdsOf(newUser("nobody")))).isEmpty();
    }

    @Test
    void accessToAnUnknownRoomIsEmpty() {
        RoomId unknown = RoomId.newId();

        assertThat(read(() -> roomAccessPort().loadAccess(unknown, alice))).isEmpty();
        assertThat(inTransaction(() -> roomAccessPort().lockForAppend(unknown, alice))).isEmpty();
    }

    @Test
    void lockingForAppendReadsTheLastSeqAndMembershipThatLoadingReads() {
        Room room = createRoom(alice, bob);

        RoomAccess ofMember = inTransaction(() -> roomAccessPort().lockForAppend(room.id(), bob)).orElseThrow();
        RoomAccess ofStranger = inTransaction(() -> roomAccessPort().lockForAppend(room.id(), carol)).orElseThrow();

        assertThat(ofMember).isEqualTo(new RoomAccess(room.id(), 2, room.member(bob).orElseThrow()));
        assertThat(ofStranger).isEqualTo(new RoomAccess(room.id(), 2, null));
        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), bob))).contains(ofMember);
    }

    @Test
    void theAdvancedLastSeqIsWhatTheRoomReportsAfterTheCommit() {
        Room room = createRoom(alice);

        inTransaction(() -> {
            long seq = roomAccessPort().lockForAppend(room.id(), alice).orElseThrow().lastSeq() + 1;
            saveMessagePort().insertMessage(textMessage(room.id(), seq, alice, ClientMsgId.of("c-1"), "hi"));
            roomAccessPort().advanceLastSeq(room.id(), seq);
        });

        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().lastSeq()).isEqualTo(2);
        assertThat(read(() -> loadRoomPort().loadRoom(room.id())).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void anAdvanceInATransactionThatRollsBackIsUndone() {
        Room room = createRoom(alice);

        assertThatThrownBy(() -> inTransaction(() -> {
                    long seq = roomAccessPort().lockForAppend(room.id(), alice).orElseThrow().lastSeq() + 1;
                    Message message = textMessage(room.id(), seq, alice, ClientMsgId.of("c-1"), "hi");
                    saveMessagePort().insertMessage(message);
                    roomAccessPort().advanceLastSeq(room.id(), seq);
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");

        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(send(room.id(), alice, "the same seq again").seq()).isEqualTo(2);
    }

    @Test
    void accessReflectsTheMembershipSavedWithTheRoom() {
        Room room = createRoom(alice, bob);

        Room changed = changeRoom(room.id(), locked -> {
            locked.removeMember(alice, bob, now());
            locked.addMember(alice, carol, now());
        });

        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), bob)))
                .contains(new RoomAccess(room.id(), 4, null));
        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), carol)))
                .contains(new RoomAccess(room.id(), 4, changed.member(carol).orElseThrow()));
    }

    @Test
    void anAppenderWaitsForTheAppendInProgressAndTakesTheSeqAfterIt() throws Exception {
        Room room = createRoom(alice, bob);
        CountDownLatch firstHoldsTheLock = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<Long> first = inBackground(() -> inTransaction(() -> {
            long seq = roomAccessPort().lockForAppend(room.id(), alice).orElseThrow().lastSeq() + 1;
            firstHoldsTheLock.countDown();
            await(releaseFirst);
            saveMessagePort().insertMessage(textMessage(room.id(), seq, alice, ClientMsgId.of("c-1"), "first"));
            roomAccessPort().advanceLastSeq(room.id(), seq);
            return seq;
        }));
        await(firstHoldsTheLock);

        Future<Long> second = appendInBackground(room.id(), bob, "c-1", "second");
        try {
            assertStillWaiting(second);
        } finally {
            releaseFirst.countDown();
        }

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void anAppenderWaitsForTheMembershipChangeInProgressAndSeesItsOutcome() throws Exception {
        Room room = createRoom(alice, bob);
        CountDownLatch ownerHoldsTheRoom = new CountDownLatch(1);
        CountDownLatch releaseOwner = new CountDownLatch(1);
        Future<?> removal = inBackground(() -> inTransaction(() -> {
            Room locked = loadRoomPort().loadRoomForUpdate(room.id()).orElseThrow();
            ownerHoldsTheRoom.countDown();
            await(releaseOwner);
            locked.removeMember(alice, bob, now());
            return saveWithRecords(locked);
        }));
        await(ownerHoldsTheRoom);

        Future<RoomAccess> removedSender =
                inBackground(() -> inTransaction(() -> roomAccessPort().lockForAppend(room.id(), bob).orElseThrow()));
        try {
            assertStillWaiting(removedSender);
        } finally {
            releaseOwner.countDown();
        }

        removal.get(10, TimeUnit.SECONDS);
        assertThat(removedSender.get(10, TimeUnit.SECONDS)).isEqualTo(new RoomAccess(room.id(), 3, null));
    }

    @Test
    void lockingSeveralRoomsAtOnceAnswersEachUsersAccessAndLeavesOutUnknownRooms() {
        Room room = createRoom(alice, bob);
        Room otherRoom = createRoom(carol);
        send(otherRoom.id(), carol, "hello");
        RoomId unknown = RoomId.newId();
        List<RoomMemberKey> keys = List.of(
                new RoomMemberKey(room.id(), alice),
                new RoomMemberKey(room.id(), bob),
                new RoomMemberKey(room.id(), carol),
                new RoomMemberKey(otherRoom.id(), carol),
                new RoomMemberKey(unknown, alice));

        Map<RoomMemberKey, RoomAccess> access = inTransaction(() -> roomAccessPort().lockAllForAppend(keys));

        assertThat(access).containsOnly(
                Map.entry(keys.get(0), new RoomAccess(room.id(), 2, room.member(alice).orElseThrow())),
                Map.entry(keys.get(1), new RoomAccess(room.id(), 2, room.member(bob).orElseThrow())),
                Map.entry(keys.get(2), new RoomAccess(room.id(), 2, null)),
                Map.entry(keys.get(3), new RoomAccess(otherRoom.id(), 2, otherRoom.member(carol).orElseThrow())));
        assertThat(inTransaction(() -> roomAccessPort().lockAllForAppend(List.of()))).isEmpty();
    }

    @Test
    void roomsLockedTogetherMakeAnAppenderToAnyOfThemWaitAndTakeTheSeqAfterTheBatch() throws Exception {
        Room room = createRoom(alice, bob);
        Room otherRoom = createRoom(carol, bob);
        CountDownLatch batchHoldsTheLocks = new CountDownLatch(1);
        CountDownLatch releaseBatch = new CountDownLatch(1);
        Future<?> batch = inBackground(() -> inTransaction(() -> {
            Map<RoomMemberKey, RoomAccess> access = roomAccessPort().lockAllForAppend(List.of(
                    new RoomMemberKey(room.id(), alice), new RoomMemberKey(otherRoom.id(), carol)));
            batchHoldsTheLocks.countDown();
            await(releaseBatch);
            long roomSeq = access.get(new RoomMemberKey(room.id(), alice)).lastSeq();
            saveMessagePort().appendMessages(List.of(
                    textMessage(room.id(), roomSeq + 1, alice, ClientMsgId.of("c-1"), "one"),
                    textMessage(room.id(), roomSeq + 2, alice, ClientMsgId.of("c-2"), "two"),
                    textMessage(otherRoom.id(), 3, carol, ClientMsgId.of("c-1"), "three")));
            return null;
        }));
        await(batchHoldsTheLocks);

        Future<Long> appender = appendInBackground(otherRoom.id(), bob, "c-1", "after");
        try {
            assertStillWaiting(appender);
        } finally {
            releaseBatch.countDown();
        }

        batch.get(10, TimeUnit.SECONDS);
        assertThat(appender.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().lastSeq()).isEqualTo(4);
    }

    @Test
    void aBatchLockWaitsForTheMembershipChangeInProgressAndSeesItsOutcome() throws Exception {
        Room room = createRoom(alice, bob);
        CountDownLatch ownerHoldsTheRoom = new CountDownLatch(1);
        CountDownLatch releaseOwner = new CountDownLatch(1);
        Future<?> removal = inBackground(() -> inTransaction(() -> {
            Room locked = loadRoomPort().loadRoomForUpdate(room.id()).orElseThrow();
            ownerHoldsTheRoom.countDown();
            await(releaseOwner);
            locked.removeMember(alice, bob, now());
            return saveWithRecords(locked);
        }));
        await(ownerHoldsTheRoom);

        RoomMemberKey bobsKey = new RoomMemberKey(room.id(), bob);
        Future<Map<RoomMemberKey, RoomAccess>> batch =
                inBackground(() -> inTransaction(() -> roomAccessPort().lockAllForAppend(List.of(bobsKey))));
        try {
            assertStillWaiting(batch);
        } finally {
            releaseOwner.countDown();
        }

        removal.get(10, TimeUnit.SECONDS);
        assertThat(batch.get(10, TimeUnit.SECONDS)).containsOnly(Map.entry(bobsKey, new RoomAccess(room.id(), 3, null)));
    }

    /** Appends one text message on another thread, in its own transaction: lock, insert, advance; its seq. */
    private Future<Long> appendInBackground(RoomId room, UserId sender, String clientMsgId, String content) {
        return inBackground(() -> inTransaction(() -> {
            long seq = roomAccessPort().lockForAppend(room, sender).orElseThrow().lastSeq() + 1;
            saveMessagePort().insertMessage(textMessage(room, seq, sender, ClientMsgId.of(clientMsgId), content));
            roomAccessPort().advanceLastSeq(room, seq);
            return seq;
        }));
    }
}
