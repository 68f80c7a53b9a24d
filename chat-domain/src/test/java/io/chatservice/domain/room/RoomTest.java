package io.chatservice.domain.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chatservice.domain.message.MemberJoined;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoomTest {

    private static final RoomId ROOM_ID = RoomId.of("room-1");
    private static final RoomName NAME = RoomName.of("general");
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final UserId CAROL = UserId.of("carol");
    private static final UserId DAVE = UserId.of("dave");
    private static final Instant CREATED = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant LATER = Instant.parse("2026-01-01T12:30:00Z");

    private static Room publicRoomOfAliceBobCarol() {
        Room room = Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, "Alice", List.of(BOB, CAROL), CREATED);
        room.drainEvents();
        return room;
    }

    private static Room privateRoomOfAliceAndBob() {
        Room room = Room.create(ROOM_ID, NAME, Visibility.PRIVATE, ALICE, "Alice", List.of(BOB), CREATED);
        room.drainEvents();
        return room;
    }

    private static long[] seqsOf(List<RoomEvent> events) {
        return events.stream().mapToLong(RoomEvent::seq).toArray();
    }

    @Nested
    class Creating {

        @Test
        void creatorBecomesOwnerAndOthersJoinAsMembersFromSeqOne() {
            Room room = Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, "Alice", List.of(BOB, CAROL), CREATED);

            assertThat(room.id()).isEqualTo(ROOM_ID);
            assertThat(room.name()).isEqualTo(NAME);
            assertThat(room.visibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(room.createdAt()).isEqualTo(CREATED);
            assertThat(room.lastSeq()).isEqualTo(3);
            assertThat(room.members())
                    .extracting(Member::userId, Member::role, Member::joinedSeq, Member::joinedAt)
                    .containsExactly(
                            tuple(ALICE, MemberRole.OWNER, 1L, CREATED),
                            tuple(BOB, MemberRole.MEMBER, 2L, CREATED),
                            tuple(CAROL, MemberRole.MEMBER, 3L, CREATED));
        }

        @Test
        void everyInitialMemberJoiningIsAnEventCreatorFirst() {
            Room room = Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, "Alice", List.of(BOB, CAROL), CREATED);

            List<RoomEvent> events = room.drainEvents();

            assertThat(events).hasSize(3).allMatch(MemberJoined.class::isInstance);
            assertThat(seqsOf(events)).containsExactly(1, 2, 3);
            assertThat(events).extracting(event -> ((MemberJoined) event).member()).containsExactly(ALICE, BOB, CAROL);
            assertThat(events.getFirst().message().senderName()).isEqualTo("Alice");
            assertThat(events.get(1).message().senderName()).isNull();
            assertThat(events).allSatisfy(event -> {
                assertThat(event.roomId()).isEqualTo(ROOM_ID);
                assertThat(event.message().type()).isEqualTo(MessageType.JOIN);
                assertThat(event.occurredAt()).isEqualTo(CREATED);
            });
        }

        @Test
        void roomWithOnlyItsCreatorStartsAtSeqOne() {
            Room room = Room.create(ROOM_ID, NAME, Visibility.PRIVATE, ALICE, null, List.of(), CREATED);

            assertThat(room.lastSeq()).isEqualTo(1);
            assertThat(room.members()).extracting(Member::userId).containsExactly(ALICE);
            assertThat(seqsOf(room.drainEvents())).containsExactly(1);
        }

        @Test
        void creatorListedAmongInitialMembersAndRepeatedMembersJoinOnce() {
            Room room = Room.create(
                    ROOM_ID, NAME, Visibility.PUBLIC, ALICE, null, List.of(BOB, ALICE, BOB), CREATED);

            assertThat(room.members()).extracting(Member::userId).containsExactly(ALICE, BOB);
            assertThat(room.member(ALICE)).get().extracting(Member::role).isEqualTo(MemberRole.OWNER);
            assertThat(room.lastSeq()).isEqualTo(2);
        }

        @Test
        void aHundredOtherInitialMembersAreAccepted() {
            List<UserId> others = new ArrayList<>(users(100));
            others.add(ALICE);

            Room room = Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, null, others, CREATED);

            assertThat(room.members()).hasSize(101);
            assertThat(room.lastSeq()).isEqualTo(101);
        }

        @Test
        void moreThanAHundredOtherInitialMembersAreRejected() {
            assertThatThrownBy(() -> Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, null, users(101), CREATED))
                    .isInstanceOf(InvalidInputException.class);
        }

        @Test
        void newMemberHasReadEverythingUpToTheirJoin() {
            Room room = publicRoomOfAliceBobCarol();

            assertThat(room.members()).allSatisfy(member ->
                    assertThat(member.lastReadSeq()).isEqualTo(member.joinedSeq()));
        }

        private static List<UserId> users(int count) {
            return IntStream.rangeClosed(1, count).mapToObj(i -> UserId.of("user-" + i)).toList();
        }
    }

    @Nested
    class Joining {

        @Test
        void anyoneMayJoinAPublicRoomWithTheNextSeq() {
            Room room = publicRoomOfAliceBobCarol();

            room.join(DAVE, "Dave", LATER);

            assertThat(room.lastSeq()).isEqualTo(4);
            Member dave = room.member(DAVE).orElseThrow();
            assertThat(dave.role()).isEqualTo(MemberRole.MEMBER);
            assertThat(dave.joinedSeq()).isEqualTo(4);
            assertThat(dave.joinedAt()).isEqualTo(LATER);
            assertThat(dave.lastReadSeq()).isEqualTo(4);
            List<RoomEvent> events = room.drainEvents();
            assertThat(events).singleElement().isInstanceOfSatisfying(MemberJoined.class, joined -> {
                assertThat(joined.member()).isEqualTo(DAVE);
                assertThat(joined.seq()).isEqualTo(4);
                assertThat(joined.message().senderName()).isEqualTo("Dave");
                assertThat(joined.occurredAt()).isEqualTo(LATER);
            });
        }

        @Test
        void joiningAPrivateRoomIsRefused() {
            Room room = privateRoomOfAliceAndBob();

            assertThatThrownBy(() -> room.join(CAROL, null, LATER)).isInstanceOf(PermissionDeniedException.class);
            assertThat(room.isMember(CAROL)).isFalse();
            assertThat(room.lastSeq()).isEqualTo(2);
            assertThat(room.drainEvents()).isEmpty();
        }

        @Test
        void joiningARoomOneIsInChangesNothing() {
            Room publicRoom = publicRoomOfAliceBobCarol();
            Room privateRoom = privateRoomOfAliceAndBob();

            publicRoom.join(BOB, "Bob", LATER);
            privateRoom.join(BOB, "Bob", LATER);

            assertThat(publicRoom.lastSeq()).isEqualTo(3);
            assertThat(publicRoom.drainEvents()).isEmpty();
            assertThat(privateRoom.lastSeq()).isEqualTo(2);
            assertThat(privateRoom.drainEvents()).isEmpty();
            assertThat(publicRoom.member(BOB)).get().extracting(Member::joinedSeq).isEqualTo(2L);
        }
    }

    @Nested
    class AddingMembers {

        @Test
        void anyMemberMayAddSomeoneToAPrivateRoom() {
            Room room = privateRoomOfAliceAndBob();

            room.addMember(BOB, CAROL, LATER);

            assertThat(room.member(CAROL)).get().extracting(Member::role, Member::joinedSeq)
                    .containsExactly(MemberRole.MEMBER, 3L);
            assertThat(room.drainEvents()).singleElement().isInstanceOfSatisfying(MemberJoined.class, joined -> {
                assertThat(joined.member()).isEqualTo(CAROL);
                assertThat(joined.seq()).isEqualTo(3);
            });
        }

        @Test
        void addMemberByNonMemberIsRejected() {
            Room room = privateRoomOfAliceAndBob();

            assertThatThrownBy(() -> room.addMember(CAROL, DAVE, LATER)).isInstanceOf(PermissionDeniedException.class);
            assertThat(room.isMember(DAVE)).isFalse();
            assertThat(room.drainEvents()).isEmpty();
        }

        @Test
        void addingSomeoneAlreadyInTheRoomChangesNothing() {
            Room room = privateRoomOfAliceAndBob();

            room.addMember(ALICE, BOB, LATER);

            assertThat(room.lastSeq()).isEqualTo(2);
            assertThat(room.drainEvents()).isEmpty();
        }

        @Test
        void addingOneselfAsNonMemberIsRejected() {
            Room room = privateRoomOfAliceAndBob();

            assertThatThrownBy(() -> room.addMember(CAROL, CAROL, LATER))
                    .isInstanceOf(PermissionDeniedException.class);
        }
    }

    @Nested
    class RemovingMembers {

        @Test
        void ownerRemovesAMemberAndTheLeaveRecordNamesTheOwner() {
            Room room = publicRoomOfAliceBobCarol();

            room.removeMember(ALICE, BOB, LATER);

            assertThat(room.isMember(BOB)).isFalse();
            assertThat(room.lastSeq()).isEqualTo(4);
            assertThat(room.drainEvents()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left -> {
                assertThat(left.member()).isEqualTo(BOB);
                assertThat(left.removedBy()).isEqualTo(ALICE);
                assertThat(left.newOwner()).isNull();
                assertThat(left.seq()).isEqualTo(4);
                assertThat(left.message().type()).isEqualTo(MessageType.LEAVE);
                assertThat(left.occurredAt()).isEqualTo(LATER);
            });
        }

        @Test
        void removalByMemberWhoIsNotOwnerIsRejected() {
            Room room = publicRoomOfAliceBobCarol();

            assertThatThrownBy(() -> room.removeMember(BOB, CAROL, LATER))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThat(room.isMember(CAROL)).isTrue();
            assertThat(room.drainEvents()).isEmpty();
        }

        @Test
        void removalByNonMemberIsRejected() {
            Room room = publicRoomOfAliceBobCarol();

            assertThatThrownBy(() -> room.removeMember(DAVE, BOB, LATER))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void removingSomeoneWhoIsNotAMemberIsNotFound() {
            Room room = publicRoomOfAliceBobCarol();

            assertThatThrownBy(() -> room.removeMember(ALICE, DAVE, LATER)).isInstanceOf(NotFoundException.class);
            assertThat(room.lastSeq()).isEqualTo(3);
            assertThat(room.drainEvents()).isEmpty();
        }

        @Test
        void removingOneselfIsLeaving() {
            Room room = publicRoomOfAliceBobCarol();

            room.removeMember(BOB, BOB, LATER);

            assertThat(room.isMember(BOB)).isFalse();
            assertThat(room.drainEvents()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left -> {
                assertThat(left.member()).isEqualTo(BOB);
                assertThat(left.removedBy()).isNull();
            });
        }

        @Test
        void leavingARoomOneIsNotInIsNotFound() {
            Room room = publicRoomOfAliceBobCarol();

            assertThatThrownBy(() -> room.leave(DAVE, LATER)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> room.removeMember(DAVE, DAVE, LATER)).isInstanceOf(NotFoundException.class);
            assertThat(room.drainEvents()).isEmpty();
        }
    }

    @Nested
    class OwnershipHandover {

        @Test
        void whoeverEntersARoomEveryoneLeftBecomesItsOwner() {
            Room room = Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, "Alice", List.of(), CREATED);
            room.leave(ALICE, LATER);

            room.join(BOB, "Bob", LATER);
            room.addMember(BOB, CAROL, LATER);

            assertThat(room.member(BOB)).get().extracting(Member::role).isEqualTo(MemberRole.OWNER);
            assertThat(room.member(CAROL)).get().extracting(Member::role).isEqualTo(MemberRole.MEMBER);
        }

        @Test
        void lastOwnerLeavingHandsOwnershipToTheLongestStandingMember() {
            // Restored in an order unlike joining order: the successor is chosen by joinedSeq, not by position.
            Room room = Room.restore(ROOM_ID, NAME, Visibility.PUBLIC, CREATED, 9, List.of(
                    new Member(CAROL, MemberRole.MEMBER, LATER, 7, 7),
                    new Member(DAVE, MemberRole.MEMBER, CREATED, 5, 5),
                    new Member(ALICE, MemberRole.OWNER, CREATED, 1, 1),
                    new Member(BOB, MemberRole.MEMBER, CREATED, 4, 4)));

            room.leave(ALICE, LATER);

            assertThat(room.member(BOB)).get().extracting(Member::role).isEqualTo(MemberRole.OWNER);
            assertThat(room.members())
                    .filteredOn(Member::isOwner)
                    .extracting(Member::userId)
                    .containsExactly(BOB);
            assertThat(room.drainEvents()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left -> {
                assertThat(left.member()).isEqualTo(ALICE);
                assertThat(left.newOwner()).isEqualTo(BOB);
                assertThat(left.removedBy()).isNull();
                assertThat(left.seq()).isEqualTo(10);
            });
        }

        @Test
        void newOwnerKeepsTheirJoinAndReadPosition() {
            Room room = Room.restore(ROOM_ID, NAME, Visibility.PUBLIC, CREATED, 9, List.of(
                    new Member(ALICE, MemberRole.OWNER, CREATED, 1, 1),
                    new Member(BOB, MemberRole.MEMBER, LATER, 4, 8)));

            room.leave(ALICE, LATER);

            assertThat(room.member(BOB)).contains(new Member(BOB, MemberRole.OWNER, LATER, 4, 8));
        }

        @Test
        void ownerLeavingWhileAnotherOwnerRemainsHandsNothingOver() {
            Room room = Room.restore(ROOM_ID, NAME, Visibility.PUBLIC, CREATED, 3, List.of(
                    new Member(ALICE, MemberRole.OWNER, CREATED, 1, 1),
                    new Member(BOB, MemberRole.MEMBER, CREATED, 2, 2),
                    new Member(CAROL, MemberRole.OWNER, CREATED, 3, 3)));

            room.leave(ALICE, LATER);

            assertThat(room.member(BOB)).get().extracting(Member::role).isEqualTo(MemberRole.MEMBER);
            assertThat(room.drainEvents()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left ->
                    assertThat(left.newOwner()).isNull());
        }

        @Test
        void memberLeavingHandsNothingOver() {
            Room room = publicRoomOfAliceBobCarol();

            room.leave(BOB, LATER);

            assertThat(room.member(ALICE)).get().extracting(Member::role).isEqualTo(MemberRole.OWNER);
            assertThat(room.member(CAROL)).get().extracting(Member::role).isEqualTo(MemberRole.MEMBER);
        }

        @Test
        void lastMemberLeavingLeavesAnEmptyRoomWithoutOwner() {
            Room room = Room.create(ROOM_ID, NAME, Visibility.PRIVATE, ALICE, null, List.of(), CREATED);
            room.drainEvents();

            room.leave(ALICE, LATER);

            assertThat(room.members()).isEmpty();
            assertThat(room.lastSeq()).isEqualTo(2);
            assertThat(room.drainEvents()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left ->
                    assertThat(left.newOwner()).isNull());
        }

        @Test
        void ownerRemovingThemselvesHandsOwnershipOverToo() {
            Room room = publicRoomOfAliceBobCarol();

            room.removeMember(ALICE, ALICE, LATER);

            assertThat(room.member(BOB)).get().extracting(Member::role).isEqualTo(MemberRole.OWNER);
        }
    }

    @Nested
    class Events {

        @Test
        void eventsAreDrainedOnceInSeqOrderWithoutGaps() {
            Room room = Room.create(ROOM_ID, NAME, Visibility.PUBLIC, ALICE, null, List.of(BOB), CREATED);
            room.join(CAROL, null, LATER);
            room.addMember(CAROL, DAVE, LATER);
            room.removeMember(ALICE, BOB, LATER);
            room.leave(ALICE, LATER);

            List<RoomEvent> events = room.drainEvents();

            assertThat(seqsOf(events)).containsExactly(LongStream.rangeClosed(1, 6).toArray());
            assertThat(events).map(event -> event.getClass().getSimpleName()).containsExactly(
                    "MemberJoined", "MemberJoined", "MemberJoined", "MemberJoined", "MemberLeft", "MemberLeft");
            assertThat(room.lastSeq()).isEqualTo(6);
            assertThat(room.drainEvents()).isEmpty();
        }

        @Test
        void failedChangeRecordsNoEventAndTakesNoSeq() {
            Room room = privateRoomOfAliceAndBob();

            assertThatThrownBy(() -> room.join(CAROL, null, LATER)).isInstanceOf(PermissionDeniedException.class);
            room.addMember(ALICE, CAROL, LATER);

            assertThat(seqsOf(room.drainEvents())).containsExactly(3);
        }

        @Test
        void drainedListCannotBeModified() {
            Room room = publicRoomOfAliceBobCarol();
            room.join(DAVE, null, LATER);

            List<RoomEvent> events = room.drainEvents();

            assertThatThrownBy(events::clear).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Restoring {

        @Test
        void restoredRoomRecordsNoEventsAndContinuesFromItsLastSeq() {
            Room room = Room.restore(ROOM_ID, NAME, Visibility.PUBLIC, CREATED, 41, List.of(
                    new Member(ALICE, MemberRole.OWNER, CREATED, 1, 30)));

            assertThat(room.drainEvents()).isEmpty();

            room.join(BOB, null, LATER);

            assertThat(seqsOf(room.drainEvents())).containsExactly(42);
            assertThat(room.member(BOB)).get().extracting(Member::joinedSeq).isEqualTo(42L);
        }

        @Test
        void membersAreListedLongestStandingFirst() {
            Room room = Room.restore(ROOM_ID, NAME, Visibility.PUBLIC, CREATED, 9, List.of(
                    new Member(CAROL, MemberRole.MEMBER, CREATED, 9, 9),
                    new Member(ALICE, MemberRole.OWNER, CREATED, 1, 1),
                    new Member(BOB, MemberRole.MEMBER, CREATED, 5, 5)));

            assertThat(room.members()).extracting(Member::userId).containsExactly(ALICE, BOB, CAROL);
        }

        @Test
        void negativeLastSeqIsRejected() {
            assertThatThrownBy(() -> Room.restore(ROOM_ID, NAME, Visibility.PUBLIC, CREATED, -1, List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void membersListIsACopy() {
            Room room = publicRoomOfAliceBobCarol();
            List<Member> members = room.members();

            room.join(DAVE, null, LATER);

            assertThat(members).hasSize(3);
            assertThatThrownBy(members::clear).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
