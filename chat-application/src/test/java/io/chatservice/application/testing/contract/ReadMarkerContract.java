package io.chatservice.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.out.MemberRoomSummary;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadMarkerPort}: a member's marker only moves forward; the read state exists only for members; unread
 * counts only TEXT messages by others, not deleted, with a seq after the marker; the room list holds every room
 * of the user, ordered by name.
 */
public abstract class ReadMarkerContract extends PortContract {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");
    private final UserId carol = newUser("carol");

    @Test
    void aNewMemberHasReadUpToTheirJoinAndMarkedNoMessage() {
        Room room = createRoom(alice, bob);

        assertThat(readState(room.id(), alice)).contains(new ReadState(1, null, 0));
        assertThat(readState(room.id(), bob)).contains(new ReadState(2, null, 0));
    }

    @Test
    void theMarkerMovesForwardButNeverBackNorSideways() {
        Room room = createRoom(alice, bob);
        Message older = send(room.id(), alice, "older");
        Message newer = send(room.id(), alice, "newer");

        mark(room.id(), bob, newer);
        mark(room.id(), bob, older);
        inTransaction(() -> readMarkerPort().advanceReadMarker(room.id(), bob, newer.seq(), older.id()));

        assertThat(readState(room.id(), bob)).contains(new ReadState(newer.seq(), newer.id(), 0));
    }

    @Test
    void theMarkerMovesPastMessagesToAnyLaterOne() {
        Room room = createRoom(alice, bob);
        Message first = send(room.id(), alice, "first");
        send(room.id(), alice, "second");
        Message third = send(room.id(), alice, "third");

        mark(room.id(), bob, first);
        assertThat(readState(room.id(), bob)).contains(new ReadState(first.seq(), first.id(), 2));

        mark(room.id(), bob, third);
        assertThat(readState(room.id(), bob)).contains(new ReadState(third.seq(), third.id(), 0));
    }

    @Test
    void aNonMemberHasNoReadStateAndMarkingDoesNotMakeThemOne() {
        Room room = createRoom(alice);
        Message message = send(room.id(), alice, "not for bob");

        mark(room.id(), bob, message);

        assertThat(readState(room.id(), bob)).isEmpty();
        assertThat(read(() -> readMarkerPort().roomsOf(bob))).isEmpty();
        assertThat(readState(RoomId.newId(), alice)).isEmpty();
    }

    @Test
    void unreadCountsLiveTextMessagesByOthersAfterTheMarker() {
        Room room = createRoom(alice, bob);
        Message read = send(room.id(), alice, "already read");
        mark(room.id(), bob, read);
        Message unread = send(room.id(), alice, "unread one");
        delete(send(room.id(), alice, "deleted before bob saw it"));
        send(room.id(), bob, "bob's own");
        changeRoom(room.id(), changed -> changed.addMember(alice, carol, now()));
        send(room.id(), alice, "unread two");
        edit(read, "edited after bob read it");
        edit(unread, "unread one, edited");

        assertThat(readState(room.id(), bob)).contains(new ReadState(read.seq(), read.id(), 2));
        assertThat(readState(room.id(), alice).orElseThrow().unreadCount()).isEqualTo(1);
        assertThat(readState(room.id(), carol).orElseThrow().unreadCount()).isEqualTo(1);
    }

    @Test
    void aMarkerMovedInATransactionThatRollsBackStaysWhereItWas() {
        Room room = createRoom(alice, bob);
        Message message = send(room.id(), alice, "almost read");

        assertThatThrownBy(() -> inTransaction(() -> {
                    readMarkerPort().advanceReadMarker(room.id(), bob, message.seq(), message.id());
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");

        assertThat(readState(room.id(), bob)).contains(new ReadState(2, null, 1));
    }

    @Test
    void theRoomListHasEveryRoomOfTheUserByNameWithRoleLastSeqAndUnreadCount() {
        Room general = createRoom("general", Visibility.PUBLIC, alice, bob);
        Room design = createRoom("design", Visibility.PRIVATE, bob, alice);
        Room empty = createRoom("empty", Visibility.PUBLIC, alice);
        createRoom("bob only", Visibility.PUBLIC, bob);
        send(general.id(), bob, "hi alice");
        send(general.id(), bob, "are you there?");
        send(design.id(), alice, "my own message");

        assertThat(read(() -> readMarkerPort().roomsOf(alice))).containsExactly(
                summary(design, MemberRole.MEMBER, 3, 0),
                summary(empty, MemberRole.OWNER, 1, 0),
                summary(general, MemberRole.OWNER, 4, 2));
    }

    /** Code point order, the same on every database whatever its locale: upper case before lower case. */
    @Test
    void theRoomListIsOrderedByTheCodePointsOfTheNames() {
        Room fullwidth = createRoom("\uff3a fullwidth", Visibility.PUBLIC, alice);
        Room emoji = createRoom("\ud83d\ude00 emoji", Visibility.PUBLIC, alice);
        Room lower = createRoom("alpha", Visibility.PUBLIC, alice);
        Room upper = createRoom("Zeta", Visibility.PUBLIC, alice);

        assertThat(read(() -> readMarkerPort().roomsOf(alice))).extracting(summary -> summary.roomId())
                .containsExactly(upper.id(), lower.id(), fullwidth.id(), emoji.id());
    }

    @Test
    void theRoomListCountsUnreadFromTheMarkerAndReportsTheCurrentRole() {
        Room room = createRoom("team", Visibility.PUBLIC, alice, bob);
        Message read = send(room.id(), alice, "read");
        send(room.id(), alice, "unread");
        mark(room.id(), bob, read);
        changeRoom(room.id(), changed -> changed.leave(alice, now()));

        assertThat(read(() -> readMarkerPort().roomsOf(bob))).containsExactly(summary(room, MemberRole.OWNER, 5, 1));
    }

    @Test
    void theRoomListLeavesOutRoomsTheUserLeft() {
        Room stayed = createRoom("stayed", Visibility.PUBLIC, alice);
        Room left = createRoom("left", Visibility.PUBLIC, bob, alice);
        changeRoom(left.id(), changed -> changed.leave(alice, now()));

        assertThat(read(() -> readMarkerPort().roomsOf(alice))).extracting(MemberRoomSummary::roomId)
                .containsExactly(stayed.id());
    }

    @Test
    void aUserInNoRoomHasAnEmptyRoomList() {
        assertThat(read(() -> readMarkerPort().roomsOf(newUser("loner")))).isEmpty();
    }

    private void mark(RoomId roomId, UserId member, Message message) {
        inTransaction(() -> readMarkerPort().advanceReadMarker(roomId, member, message.seq(), message.id()));
    }

    private Optional<ReadState> readState(RoomId roomId, UserId member) {
        return read(() -> readMarkerPort().readState(roomId, member));
    }

    private static MemberRoomSummary summary(Room room, MemberRole role, long lastSeq, long unreadCount) {
        return new MemberRoomSummary(
                room.id(), room.name().value(), room.visibility(), room.createdAt(), role, lastSeq, unreadCount);
    }
}
