package io.chatservice.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadRoomPort} and {@link SaveRoomPort}: a room is stored and loaded as a whole, with its members;
 * saving it never writes the read marker of a member who was already in the room, because markers move
 * without the room lock ({@link ReadMarkerPort}) and the saved copy may be older than the marker; and loading
 * for update holds off every other change of the room, appends included, until the transaction ends.
 */
public abstract class RoomStoreContract extends PortContract {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");
    private final UserId carol = newUser("carol");

    @Test
    void aSavedRoomLoadsBackWithItsAttributesAndMembersLongestStandingFirst() {
        Room created = createRoom("design", Visibility.PRIVATE, alice, bob, carol);

        Room loaded = read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow();

        assertSameRoom(loaded, created);
        assertThat(loaded.lastSeq()).isEqualTo(3);
        assertThat(loaded.members())
                .extracting(Member::userId, Member::role, Member::joinedSeq, Member::lastReadSeq)
                .containsExactly(
                        tuple(alice, MemberRole.OWNER, 1L, 1L),
                        tuple(bob, MemberRole.MEMBER, 2L, 2L),
                        tuple(carol, MemberRole.MEMBER, 3L, 3L));
        assertThat(loaded.drainEvents()).isEmpty();
    }

    @Test
    void aRoomNameOfTheGreatestLengthInAnyScriptLoadsBackUnchanged() {
        Room created = createRoom("🏠".repeat(50) + "é".repeat(50), Visibility.PUBLIC, alice);

        assertThat(read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow().name()).isEqualTo(created.name());
    }

    @Test
    void loadingForUpdateReturnsTheRoomThatLoadingReturns() {
        Room created = createRoom(alice, bob);

        Room locked = inTransaction(() -> loadRoomPort().loadRoomForUpdate(created.id())).orElseThrow();

        assertSameRoom(locked, created);
        assertThat(locked.drainEvents()).isEmpty();
    }

    @Test
    void anUnknownRoomIsNotFound() {
        RoomId unknown = RoomId.newId();

        assertThat(read(() -> loadRoomPort().loadRoom(unknown))).isEmpty();
        assertThat(inTransaction(() -> loadRoomPort().loadRoomForUpdate(unknown))).isEmpty();
    }

    @Test
    void savingAChangedRoomAddsNewMembersUpdatesRolesAndRemovesThoseWhoLeft() {
        Room created = createRoom(alice, bob);

        Room changed = changeRoom(created.id(), room -> {
            room.leave(alice, now());
            room.addMember(bob, carol, now());
        });

        Room loaded = read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow();
        assertSameRoom(loaded, changed);
        assertThat(loaded.lastSeq()).isEqualTo(4);
        assertThat(loaded.isMember(alice)).isFalse();
        assertThat(loaded.members())
                .extracting(Member::userId, Member::role, Member::joinedSeq, Member::lastReadSeq)
                .containsExactly(tuple(bob, MemberRole.OWNER, 2L, 2L), tuple(carol, MemberRole.MEMBER, 4L, 4L));
    }

    @Test
    void theRoomCountsTheEventsAppendedThroughRoomAccess() {
        Room created = createRoom(alice);
        send(created.id(), alice, "one");
        send(created.id(), alice, "two");

        Room changed = changeRoom(created.id(), room -> room.join(bob, "Bob", now()));

        assertThat(changed.member(bob).orElseThrow().joinedSeq()).isEqualTo(4);
        assertThat(read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow().lastSeq()).isEqualTo(4);
    }

    @Test
    void savingARoomLeavesTheReadMarkerOfAMemberWhoWasAlreadyInIt() {
        Room created = createRoom(alice, bob);
        Message read = send(created.id(), alice, "read me");
        Room loadedBeforeTheMark = read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow();
        inTransaction(() -> readMarkerPort().advanceReadMarker(created.id(), bob, read.seq(), read.id()));

        inTransaction(() -> {
            loadRoomPort().loadRoomForUpdate(created.id()).orElseThrow();
            loadedBeforeTheMark.leave(alice, now());
            saveWithRecords(loadedBeforeTheMark);
        });

        Member bobNow = read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow().member(bob).orElseThrow();
        assertThat(bobNow.role()).isEqualTo(MemberRole.OWNER);
        assertThat(bobNow.lastReadSeq()).isEqualTo(read.seq());
        assertThat(read(() -> readMarkerPort().readState(created.id(), bob)))
                .contains(new ReadState(read.seq(), read.id(), 0));
    }

    @Test
    void aMemberWhoLeftAndCameBackInOneChangeStartsReadingFromTheirNewJoin() {
        Room created = createRoom(alice, bob);
        Message read = send(created.id(), alice, "read before leaving");
        inTransaction(() -> readMarkerPort().advanceReadMarker(created.id(), bob, read.seq(), read.id()));

        changeRoom(created.id(), room -> {
            room.leave(bob, now());
            room.join(bob, "Bob", now());
        });

        Member rejoined = read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow().member(bob).orElseThrow();
        assertThat(rejoined.joinedSeq()).isEqualTo(5);
        assertThat(rejoined.lastReadSeq()).isEqualTo(5);
        assertThat(read(() -> readMarkerPort().readState(created.id(), bob))).contains(new ReadState(5, null, 0));
    }

    @Test
    void aRoomSavedInATransactionThatRollsBackIsNotStored() {
        Room room = newRoom("never", Visibility.PUBLIC, alice, bob);

        assertThatThrownBy(() -> inTransaction(() -> {
                    saveWithRecords(room);
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");

        assertThat(read(() -> loadRoomPort().loadRoom(room.id()))).isEmpty();
    }

    @Test
    void aChangeInATransactionThatRollsBackLeavesTheRoomAsItWas() {
        Room created = createRoom(alice, bob);

        assertThatThrownBy(() -> inTransaction(() -> {
                    Room room = loadRoomPort().loadRoomForUpdate(created.id()).orElseThrow();
                    room.removeMember(alice, bob, now());
                    room.addMember(alice, carol, now());
                    saveWithRecords(room);
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");

        assertSameRoom(read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow(), created);
    }

    @Test
    void aChangeWaitsForTheChangeInProgressAndThenSeesTheMembersItCommitted() throws Exception {
        Room created = createRoom(alice);
        CountDownLatch firstHoldsTheRoom = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<?> bobJoins = inBackground(() -> inTransaction(() -> {
            Room room = loadRoomPort().loadRoomForUpdate(created.id()).orElseThrow();
            firstHoldsTheRoom.countDown();
            await(releaseFirst);
            room.join(bob, "Bob", now());
            return saveWithRecords(room);
        }));
        await(firstHoldsTheRoom);

        Future<Room> carolJoins =
                inBackground(() -> changeRoom(created.id(), room -> room.join(carol, "Carol", now())));
        try {
            assertStillWaiting(carolJoins);
        } finally {
            releaseFirst.countDown();
        }

        bobJoins.get(10, TimeUnit.SECONDS);
        Room seenBySecond = carolJoins.get(10, TimeUnit.SECONDS);
        assertThat(seenBySecond.lastSeq()).isEqualTo(3);
        assertThat(seenBySecond.members()).extracting(Member::userId).containsExactly(alice, bob, carol);
        assertSameRoom(read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow(), seenBySecond);
    }

    @Test
    void aChangeWaitsForTheAppendInProgressAndTakesTheSeqAfterIt() throws Exception {
        Room created = createRoom(alice);
        CountDownLatch appenderHoldsTheLock = new CountDownLatch(1);
        CountDownLatch releaseAppender = new CountDownLatch(1);
        Future<?> append = inBackground(() -> inTransaction(() -> {
            long seq = roomAccessPort().lockForAppend(created.id(), alice).orElseThrow().lastSeq() + 1;
            appenderHoldsTheLock.countDown();
            await(releaseAppender);
            saveMessagePort().insertMessage(textMessage(created.id(), seq, alice, ClientMsgId.of("c-1"), "first"));
            roomAccessPort().advanceLastSeq(created.id(), seq);
            return seq;
        }));
        await(appenderHoldsTheLock);

        Future<Room> bobJoins = inBackground(() -> changeRoom(created.id(), room -> room.join(bob, "Bob", now())));
        try {
            assertStillWaiting(bobJoins);
        } finally {
            releaseAppender.countDown();
        }

        append.get(10, TimeUnit.SECONDS);
        Member bobMember = bobJoins.get(10, TimeUnit.SECONDS).member(bob).orElseThrow();
        assertThat(bobMember.joinedSeq()).isEqualTo(3);
        assertThat(read(() -> loadRoomPort().loadRoom(created.id())).orElseThrow().lastSeq()).isEqualTo(3);
    }

    private static void assertSameRoom(Room actual, Room expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.visibility()).isEqualTo(expected.visibility());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(actual.lastSeq()).isEqualTo(expected.lastSeq());
        assertThat(actual.members()).containsExactlyElementsOf(expected.members());
    }
}
