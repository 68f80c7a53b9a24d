package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.adapter.out.persistence.it.StatementCounter.Counted;
import io.chatservice.application.port.out.MemberRoomSummary;
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

    private static MemberRoomSummary summary(Room room, MemberRole role, long lastSeq, long unreadCount) {
        return new MemberRoomSummary(
                room.id(), room.name().value(), room.visibility(), room.createdAt(), role, lastSeq, unreadCount);
    }
}
