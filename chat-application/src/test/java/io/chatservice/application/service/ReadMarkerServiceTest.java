package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static io.chatservice.application.service.ChatScenario.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chatservice.application.port.in.ListRoomsQuery;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.RoomSummary;
import io.chatservice.application.port.in.UnreadQuery;
import io.chatservice.application.port.in.UnreadStatus;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadMarkerServiceTest {

    private final ChatScenario scenario = new ChatScenario();
    private final ChatServices chat = scenario.chat;
    private RoomId roomId;

    @BeforeEach
    void aliceOwnsARoomWithBob() {
        roomId = scenario.createRoom(ALICE, "general", Visibility.PUBLIC, BOB);
    }

    @Test
    void newMemberHasNothingUnreadAndNoReadMessageYet() {
        assertThat(scenario.unread(BOB, roomId)).isEqualTo(new UnreadStatus(0, null));
    }

    @Test
    void textMessagesByOthersAfterTheMarkerAreUnread() {
        scenario.send(ALICE, roomId, "one");
        scenario.send(ALICE, roomId, "two");
        scenario.send(BOB, roomId, "mine");

        assertThat(scenario.unread(BOB, roomId).unreadCount()).isEqualTo(2);
        assertThat(scenario.unread(ALICE, roomId).unreadCount()).isEqualTo(1);
    }

    @Test
    void messagesFromBeforeJoiningAreNotUnread() {
        scenario.send(ALICE, roomId, "before carol");
        scenario.join(CAROL, roomId);
        scenario.send(ALICE, roomId, "after carol");

        assertThat(scenario.unread(CAROL, roomId).unreadCount()).isEqualTo(1);
    }

    @Test
    void deletedMessagesAndMembershipRecordsAreNotUnread() {
        Message one = scenario.send(ALICE, roomId, "one");
        scenario.send(ALICE, roomId, "two");
        scenario.delete(ALICE, roomId, one);
        scenario.join(CAROL, roomId);
        scenario.remove(CAROL, roomId, CAROL);

        assertThat(scenario.unread(BOB, roomId).unreadCount()).isEqualTo(1);
    }

    @Test
    void markingReadMovesTheMarkerAndReturnsWhatIsLeft() {
        scenario.send(ALICE, roomId, "one");
        Message two = scenario.send(ALICE, roomId, "two");
        scenario.send(ALICE, roomId, "three");

        UnreadStatus status = scenario.markRead(BOB, roomId, two);

        assertThat(status).isEqualTo(new UnreadStatus(1, two.id()));
        assertThat(scenario.unread(BOB, roomId)).isEqualTo(status);
    }

    @Test
    void readMarkerNeverMovesBackwards() {
        Message one = scenario.send(ALICE, roomId, "one");
        scenario.send(ALICE, roomId, "two");
        Message three = scenario.send(ALICE, roomId, "three");
        scenario.markRead(BOB, roomId, three);

        UnreadStatus status = scenario.markRead(BOB, roomId, one);

        assertThat(status).isEqualTo(new UnreadStatus(0, three.id()));
        assertThat(chat.store().readState(roomId, BOB.id()).orElseThrow().lastReadSeq()).isEqualTo(three.seq());
    }

    @Test
    void markingReadAMessageFromBeforeJoiningChangesNothing() {
        Message early = scenario.send(ALICE, roomId, "early");
        scenario.join(CAROL, roomId);

        assertThat(scenario.markRead(CAROL, roomId, early)).isEqualTo(new UnreadStatus(0, null));
    }

    @Test
    void editingAReadMessageDoesNotMakeItUnreadAgain() {
        Message one = scenario.send(ALICE, roomId, "one");
        scenario.markRead(BOB, roomId, one);

        scenario.edit(ALICE, roomId, one, "one, edited");

        assertThat(scenario.unread(BOB, roomId).unreadCount()).isZero();
    }

    @Test
    void markingReadATombstoneIsAllowed() {
        Message one = scenario.send(ALICE, roomId, "one");
        scenario.send(ALICE, roomId, "two");
        scenario.delete(ALICE, roomId, one);

        assertThat(scenario.markRead(BOB, roomId, one)).isEqualTo(new UnreadStatus(1, one.id()));
    }

    @Test
    void readMarkerSurvivesLaterMembershipChanges() {
        scenario.send(ALICE, roomId, "one");
        Message two = scenario.send(ALICE, roomId, "two");
        scenario.markRead(BOB, roomId, two);

        scenario.join(CAROL, roomId);
        scenario.remove(ALICE, roomId, ALICE);

        assertThat(scenario.unread(BOB, roomId)).isEqualTo(new UnreadStatus(0, two.id()));
    }

    @Test
    void rejoiningStartsWithNothingUnread() {
        Message seen = scenario.send(ALICE, roomId, "seen");
        scenario.markRead(BOB, roomId, seen);
        scenario.remove(BOB, roomId, BOB);
        scenario.send(ALICE, roomId, "missed while away");

        scenario.join(BOB, roomId);

        assertThat(scenario.unread(BOB, roomId)).isEqualTo(new UnreadStatus(0, null));
    }

    @Test
    void markingReadPublishesNoEventAndTakesNoSeq() {
        Message one = scenario.send(ALICE, roomId, "one");
        chat.events().clear();
        long lastSeq = scenario.lastSeq(roomId);

        scenario.markRead(BOB, roomId, one);

        assertThat(scenario.published()).isEmpty();
        assertThat(scenario.lastSeq(roomId)).isEqualTo(lastSeq);
    }

    @Test
    void markingReadAMessageOfAnotherRoomIsNotFound() {
        RoomId otherRoom = scenario.createRoom(BOB, Visibility.PUBLIC);
        Message elsewhere = scenario.send(BOB, otherRoom, "elsewhere");

        assertThatThrownBy(() -> scenario.markRead(BOB, roomId, elsewhere)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void markingReadAnUnknownMessageIsNotFound() {
        assertThatThrownBy(() -> chat.readMarkers().markRead(
                        new MarkReadCommand(BOB, roomId, MessageId.of("no-such-message"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void readMarkersAreForMembersOnly() {
        Message one = scenario.send(ALICE, roomId, "one");

        assertThatThrownBy(() -> scenario.markRead(DAVE, roomId, one)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> scenario.unread(DAVE, roomId)).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void unreadOfUnknownRoomIsNotFound() {
        assertThatThrownBy(() -> chat.readMarkers().getUnread(new UnreadQuery(BOB, RoomId.of("no-such-room"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void roomListShowsEachRoomsUnreadCount() {
        RoomId random = scenario.createRoom(ALICE, "random", Visibility.PUBLIC, BOB);
        scenario.send(ALICE, roomId, "one");
        Message two = scenario.send(ALICE, roomId, "two");
        scenario.send(ALICE, roomId, "three");
        scenario.send(ALICE, random, "elsewhere");
        scenario.markRead(BOB, roomId, two);

        var rooms = chat.rooms().listRooms(new ListRoomsQuery(BOB));

        assertThat(rooms)
                .extracting(RoomSummary::name, RoomSummary::unreadCount, RoomSummary::lastSeq)
                .containsExactly(tuple("general", 1L, 5L), tuple("random", 1L, 3L));
    }
}
