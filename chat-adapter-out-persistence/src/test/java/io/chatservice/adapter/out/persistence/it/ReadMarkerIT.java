package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.adapter.out.persistence.it.StatementCounter.Counted;
import io.chatservice.application.port.out.MemberRoomSummary;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReadMarkerIT extends PersistenceIntegrationTest {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");
    private final UserId carol = newUser("carol");

    @Test
    void aNewMemberHasReadEverythingUpToTheirJoin() {
        Room room = createRoom(alice, bob);

        ReadState state = readMarkers.readState(room.id(), bob).orElseThrow();

        assertThat(state.lastReadSeq()).isEqualTo(2);
        assertThat(state.lastReadMessageId()).isNull();
        assertThat(state.unreadCount()).isZero();
    }

    @Test
    void theReadMarkerMovesForwardButNeverBack() {
        Room room = createRoom(alice, bob);
        Message older = send(room.id(), alice, "older");
        Message newer = send(room.id(), alice, "newer");

        inTransaction(() -> readMarkers.advanceReadMarker(room.id(), bob, newer.seq(), newer.id()));
        inTransaction(() -> readMarkers.advanceReadMarker(room.id(), bob, older.seq(), older.id()));
        inTransaction(() -> readMarkers.advanceReadMarker(room.id(), bob, newer.seq(), older.id()));

        ReadState state = readMarkers.readState(room.id(), bob).orElseThrow();
        assertThat(state.lastReadSeq()).isEqualTo(newer.seq());
        assertThat(state.lastReadMessageId()).isEqualTo(newer.id());
        assertThat(state.unreadCount()).isZero();
    }

    @Test
    void aNonMemberHasNoReadState() {
        Room room = createRoom(alice);

        assertThat(readMarkers.readState(room.id(), bob)).isEmpty();
    }

    @Test
    void unreadCountsOnlyLiveTextMessagesByOthersAfterTheMarker() {
        Room room = createRoom(alice, bob);
        Message read = send(room.id(), alice, "already read");
        inTransaction(() -> readMarkers.advanceReadMarker(room.id(), bob, read.seq(), read.id()));
        send(room.id(), alice, "unread one");
        delete(send(room.id(), alice, "deleted before bob saw it"));
        send(room.id(), bob, "bob's own");
        changeRoom(room.id(), changed -> changed.addMember(alice, carol, now()));
        send(room.id(), alice, "unread two");

        assertThat(readMarkers.readState(room.id(), bob).orElseThrow().unreadCount()).isEqualTo(2);
        assertThat(readMarkers.readState(room.id(), alice).orElseThrow().unreadCount()).isEqualTo(1);
    }

    @Test
    void theRoomListHasEveryRoomOfTheUserByNameWithRoleLastSeqAndUnreadCountFromOneStatement() {
        String prefix = UUID.randomUUID() + " ";
        Room general = createRoom(prefix + "general", Visibility.PUBLIC, alice, bob);
        Room design = createRoom(prefix + "design", Visibility.PRIVATE, bob, alice);
        Room empty = createRoom(prefix + "empty", Visibility.PUBLIC, alice);
        createRoom(prefix + "bob only", Visibility.PUBLIC, bob);
        send(general.id(), bob, "hi alice");
        send(general.id(), bob, "are you there?");
        send(design.id(), alice, "my own message");

        Counted<List<MemberRoomSummary>> counted = StatementCounter.count(() -> readMarkers.roomsOf(alice));

        assertThat(counted.statements()).isOne();
        assertThat(counted.result()).containsExactly(
                summary(design, MemberRole.MEMBER, 3, 0),
                summary(empty, MemberRole.OWNER, 1, 0),
                summary(general, MemberRole.OWNER, 4, 2));
    }

    @Test
    void aUserInNoRoomHasAnEmptyRoomList() {
        assertThat(readMarkers.roomsOf(newUser("loner"))).isEmpty();
    }

    private static MemberRoomSummary summary(Room room, MemberRole role, long lastSeq, long unreadCount) {
        return new MemberRoomSummary(
                room.id(), room.name().value(), room.visibility(), room.createdAt(), role, lastSeq, unreadCount);
    }
}
