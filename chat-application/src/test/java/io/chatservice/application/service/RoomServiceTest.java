package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static io.chatservice.application.service.ChatScenario.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.GetRoomQuery;
import io.chatservice.application.port.in.JoinRoomCommand;
import io.chatservice.application.port.in.ListRoomsQuery;
import io.chatservice.application.port.in.RoomDetails;
import io.chatservice.application.port.in.RoomSummary;
import io.chatservice.application.testing.MutableClock;
import io.chatservice.domain.message.MemberJoined;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoomServiceTest {

    private final ChatScenario scenario = new ChatScenario();
    private final RoomService rooms = scenario.chat.rooms();

    private RoomDetails getRoom(Caller caller, RoomId roomId) {
        return rooms.getRoom(new GetRoomQuery(caller, roomId));
    }

    @Test
    void createdRoomHasCallerAsOwnerAndMembersJoinedFromSeqOne() {
        RoomDetails room = rooms.createRoom(new CreateRoomCommand(
                ALICE, RoomName.of("general"), Visibility.PUBLIC, Set.of(BOB.id())));

        assertThat(room.name()).isEqualTo("general");
        assertThat(room.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(room.createdAt()).isEqualTo(MutableClock.DEFAULT_START);
        assertThat(room.lastSeq()).isEqualTo(2);
        assertThat(room.members())
                .extracting(Member::userId, Member::role, Member::joinedSeq)
                .containsExactly(tuple(ALICE.id(), MemberRole.OWNER, 1L), tuple(BOB.id(), MemberRole.MEMBER, 2L));
        assertThat(getRoom(BOB, room.id())).isEqualTo(room);
    }

    @Test
    void creatingARoomStoresJoinRecordsAndPublishesThemOnce() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE, BOB, CAROL);

        assertThat(scenario.published())
                .allMatch(MemberJoined.class::isInstance)
                .extracting(RoomEvent::seq)
                .containsExactly(1L, 2L, 3L);
        assertThat(scenario.chat.store().messagesIn(roomId))
                .extracting(Message::type, Message::seq)
                .containsExactly(tuple(MessageType.JOIN, 1L), tuple(MessageType.JOIN, 2L), tuple(MessageType.JOIN, 3L));
        assertThat(scenario.chat.store().messagesIn(roomId))
                .extracting(Message::senderId)
                .startsWith(ALICE.id())
                .containsExactlyInAnyOrder(ALICE.id(), BOB.id(), CAROL.id());
        assertThat(scenario.chat.store().messagesIn(roomId).getFirst().senderName()).isEqualTo("Alice");
    }

    @Test
    void callerAmongMemberIdsIsAddedOnceAsOwner() {
        RoomDetails room = rooms.createRoom(new CreateRoomCommand(
                ALICE, RoomName.of("solo"), Visibility.PRIVATE, Set.of(ALICE.id())));

        assertThat(room.members()).extracting(Member::userId, Member::role)
                .containsExactly(tuple(ALICE.id(), MemberRole.OWNER));
        assertThat(room.lastSeq()).isEqualTo(1);
    }

    @Test
    void initialMembersJoinInTheOrderGiven() {
        var given = new LinkedHashSet<UserId>();
        IntStream.rangeClosed(1, 12).forEach(i -> given.add(UserId.of("user-" + i)));

        RoomDetails room = rooms.createRoom(
                new CreateRoomCommand(ALICE, RoomName.of("ordered"), Visibility.PUBLIC, given));

        assertThat(room.members()).extracting(Member::userId).containsSequence(given);
    }

    @Test
    void roomWithTooManyMembersIsRejectedAndNothingIsSaved() {
        Set<UserId> tooMany = IntStream.rangeClosed(1, 101)
                .mapToObj(i -> UserId.of("user-" + i))
                .collect(Collectors.toSet());

        assertThatThrownBy(() -> rooms.createRoom(
                        new CreateRoomCommand(ALICE, RoomName.of("crowd"), Visibility.PUBLIC, tooMany)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(scenario.chat.store().roomCount()).isZero();
        assertThat(scenario.published()).isEmpty();
    }

    @Test
    void eachCreatedRoomGetsItsOwnId() {
        RoomId first = scenario.createRoom(ALICE, Visibility.PUBLIC);
        RoomId second = scenario.createRoom(ALICE, Visibility.PUBLIC);

        assertThat(first).isNotEqualTo(second);
        assertThat(scenario.publishedSeqs(second)).containsExactly(1L);
    }

    @Test
    void joiningAPublicRoomAddsCallerWithTheNextSeqAndPublishesMemberJoined() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PUBLIC);
        scenario.chat.events().clear();
        scenario.chat.clock().advance(Duration.ofMinutes(5));

        RoomDetails room = rooms.joinRoom(new JoinRoomCommand(BOB, roomId));

        assertThat(room.lastSeq()).isEqualTo(2);
        assertThat(room.members()).extracting(Member::userId).containsExactly(ALICE.id(), BOB.id());
        assertThat(scenario.published()).singleElement().isInstanceOfSatisfying(MemberJoined.class, joined -> {
            assertThat(joined.member()).isEqualTo(BOB.id());
            assertThat(joined.seq()).isEqualTo(2);
            assertThat(joined.message().senderName()).isEqualTo("Bob");
            assertThat(joined.occurredAt()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofMinutes(5)));
        });
    }

    @Test
    void joiningAPrivateRoomIsForbiddenAndChangesNothing() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE);
        scenario.chat.events().clear();

        assertThatThrownBy(() -> scenario.join(BOB, roomId)).isInstanceOf(PermissionDeniedException.class);
        assertThat(scenario.lastSeq(roomId)).isEqualTo(1);
        assertThat(scenario.chat.store().messagesIn(roomId)).hasSize(1);
        assertThat(scenario.published()).isEmpty();
    }

    @Test
    void joiningAnUnknownRoomIsNotFound() {
        assertThatThrownBy(() -> scenario.join(BOB, RoomId.of("no-such-room")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void joiningTwiceChangesNothingAndPublishesNothing() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PUBLIC);
        scenario.join(BOB, roomId);
        scenario.chat.events().clear();

        RoomDetails room = rooms.joinRoom(new JoinRoomCommand(BOB, roomId));

        assertThat(room.lastSeq()).isEqualTo(2);
        assertThat(room.members()).hasSize(2);
        assertThat(scenario.published()).isEmpty();
    }

    @Test
    void anyMemberMayAddSomeoneToAPrivateRoom() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE, BOB);
        scenario.chat.events().clear();

        scenario.add(BOB, roomId, CAROL);

        assertThat(getRoom(CAROL, roomId).members()).extracting(Member::userId)
                .containsExactly(ALICE.id(), BOB.id(), CAROL.id());
        assertThat(scenario.published()).singleElement().isInstanceOfSatisfying(MemberJoined.class, joined -> {
            assertThat(joined.member()).isEqualTo(CAROL.id());
            assertThat(joined.seq()).isEqualTo(3);
        });
    }

    @Test
    void addingAMemberByNonMemberIsForbidden() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE);

        assertThatThrownBy(() -> scenario.add(BOB, roomId, CAROL)).isInstanceOf(PermissionDeniedException.class);
        assertThat(scenario.lastSeq(roomId)).isEqualTo(1);
    }

    @Test
    void addingAMemberToAnUnknownRoomIsNotFound() {
        assertThatThrownBy(() -> scenario.add(ALICE, RoomId.of("no-such-room"), BOB))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void ownerRemovesAMemberWhoThenCannotSeeTheRoom() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE, BOB, CAROL);
        scenario.chat.events().clear();

        scenario.remove(ALICE, roomId, BOB);

        assertThat(getRoom(ALICE, roomId).members()).extracting(Member::userId).containsExactly(ALICE.id(), CAROL.id());
        assertThatThrownBy(() -> getRoom(BOB, roomId)).isInstanceOf(PermissionDeniedException.class);
        assertThat(rooms.listRooms(new ListRoomsQuery(BOB))).isEmpty();
        assertThat(scenario.published()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left -> {
            assertThat(left.member()).isEqualTo(BOB.id());
            assertThat(left.removedBy()).isEqualTo(ALICE.id());
            assertThat(left.seq()).isEqualTo(4);
        });
        assertThat(scenario.chat.store().messagesIn(roomId).getLast().type()).isEqualTo(MessageType.LEAVE);
    }

    @Test
    void removingAnotherMemberWithoutBeingOwnerIsForbidden() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE, BOB, CAROL);

        assertThatThrownBy(() -> scenario.remove(BOB, roomId, CAROL)).isInstanceOf(PermissionDeniedException.class);
        assertThat(getRoom(CAROL, roomId).members()).hasSize(3);
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PRIVATE, BOB);

        assertThatThrownBy(() -> scenario.remove(ALICE, roomId, DAVE)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void memberLeavesByRemovingThemselves() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PUBLIC, BOB);
        scenario.chat.events().clear();

        scenario.remove(BOB, roomId, BOB);

        assertThat(getRoom(ALICE, roomId).members()).extracting(Member::userId).containsExactly(ALICE.id());
        assertThat(scenario.published()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left ->
                assertThat(left.removedBy()).isNull());
    }

    @Test
    void lastOwnerLeavingHandsOwnershipToTheLongestStandingMember() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PUBLIC, BOB);
        scenario.join(CAROL, roomId);
        scenario.chat.events().clear();

        scenario.remove(ALICE, roomId, ALICE);

        assertThat(getRoom(BOB, roomId).members())
                .extracting(Member::userId, Member::role)
                .containsExactly(tuple(BOB.id(), MemberRole.OWNER), tuple(CAROL.id(), MemberRole.MEMBER));
        assertThat(scenario.published()).singleElement().isInstanceOfSatisfying(MemberLeft.class, left ->
                assertThat(left.newOwner()).isEqualTo(BOB.id()));
        scenario.remove(BOB, roomId, CAROL);
        assertThat(getRoom(BOB, roomId).members()).extracting(Member::userId).containsExactly(BOB.id());
    }

    @Test
    void formerMemberMayRejoinAPublicRoom() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PUBLIC, BOB);
        scenario.remove(BOB, roomId, BOB);

        scenario.join(BOB, roomId);

        assertThat(getRoom(BOB, roomId).members())
                .extracting(Member::userId, Member::joinedSeq)
                .containsExactly(tuple(ALICE.id(), 1L), tuple(BOB.id(), 4L));
    }

    @Test
    void roomIsShownToMembersOnly() {
        RoomId roomId = scenario.createRoom(ALICE, Visibility.PUBLIC);

        assertThat(getRoom(ALICE, roomId).id()).isEqualTo(roomId);
        assertThatThrownBy(() -> getRoom(BOB, roomId)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> getRoom(ALICE, RoomId.of("no-such-room"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void roomListShowsTheCallersRoomsByNameWithRoleAndLastSeq() {
        RoomId zoo = scenario.createRoom(ALICE, "zoo", Visibility.PUBLIC, BOB);
        RoomId attic = scenario.createRoom(BOB, "attic", Visibility.PRIVATE, ALICE);
        scenario.createRoom(CAROL, "elsewhere", Visibility.PUBLIC);
        scenario.send(BOB, zoo, "hello");

        var list = rooms.listRooms(new ListRoomsQuery(ALICE));

        assertThat(list)
                .extracting(RoomSummary::id, RoomSummary::name, RoomSummary::visibility, RoomSummary::role,
                        RoomSummary::lastSeq, RoomSummary::unreadCount)
                .containsExactly(
                        tuple(attic, "attic", Visibility.PRIVATE, MemberRole.MEMBER, 2L, 0L),
                        tuple(zoo, "zoo", Visibility.PUBLIC, MemberRole.OWNER, 3L, 1L));
        assertThat(list).allSatisfy(summary ->
                assertThat(summary.createdAt()).isEqualTo(MutableClock.DEFAULT_START));
    }

    @Test
    void userWithoutRoomsHasAnEmptyList() {
        scenario.createRoom(ALICE, Visibility.PUBLIC);

        assertThat(rooms.listRooms(new ListRoomsQuery(DAVE))).isEmpty();
    }
}
