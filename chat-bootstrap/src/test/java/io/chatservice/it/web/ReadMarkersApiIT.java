package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Read markers, which only move forward, and the unread counts they imply: other members' live text messages. */
class ReadMarkersApiIT extends RestApiTest {

    @Test
    void aNewMemberHasNothingUnreadAndNoReadMarkerEvenInARoomWithHistory() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith();
        alice.send(roomId, "said before bob came");

        bob.join(roomId);

        JsonNode unread = bob.unread(roomId);
        assertThat(unread.path("unreadCount").longValue()).isZero();
        assertThat(unread.has("lastReadMessageId")).isTrue();
        assertThat(unread.path("lastReadMessageId").isNull()).isTrue();
    }

    @Test
    void unreadCountsOnlyOtherMembersTextMessagesThatAreNotDeleted() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith(bob);
        alice.send(roomId, "a1");
        alice.send(roomId, "a2");
        String a3 = alice.sendId(roomId, "a3");
        bob.send(roomId, "b1");
        carol.join(roomId);

        assertThat(bob.unread(roomId).path("unreadCount").longValue()).as("a1..a3, not his own, not the JOIN")
                .isEqualTo(3);
        assertThat(alice.unread(roomId).path("unreadCount").longValue()).as("b1 only").isEqualTo(1);

        alice.deleteMessage(roomId, a3);

        assertThat(bob.unread(roomId).path("unreadCount").longValue()).isEqualTo(2);
        assertThat(bob.rooms().get(0).path("unreadCount").longValue()).isEqualTo(2);
        assertThat(carol.unread(roomId).path("unreadCount").longValue()).isZero();
    }

    @Test
    void markingReadMovesTheMarkerAndLowersTheUnreadCountWithoutARoomEvent() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        String a1 = alice.sendId(roomId, "a1");
        alice.sendId(roomId, "a2");
        String a3 = alice.sendId(roomId, "a3");
        JsonNode timelineBefore = alice.timeline(roomId);

        JsonNode afterA1 = bob.markRead(roomId, a1);

        assertThat(afterA1.path("unreadCount").longValue()).isEqualTo(2);
        assertThat(afterA1.path("lastReadMessageId").stringValue()).isEqualTo(a1);
        assertThat(bob.unread(roomId)).isEqualTo(afterA1);
        assertThat(bob.rooms().get(0).path("unreadCount").longValue()).isEqualTo(2);

        JsonNode afterA3 = bob.markRead(roomId, a3);

        assertThat(afterA3.path("unreadCount").longValue()).isZero();
        assertThat(afterA3.path("lastReadMessageId").stringValue()).isEqualTo(a3);
        assertThat(alice.timeline(roomId)).as("a read marker is not a room event").isEqualTo(timelineBefore);
    }

    @Test
    void readMarkerNeverMovesBackwards() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        String a1 = alice.sendId(roomId, "a1");
        alice.sendId(roomId, "a2");
        String a3 = alice.sendId(roomId, "a3");
        bob.markRead(roomId, a3);

        JsonNode afterOlder = bob.markRead(roomId, a1);

        assertThat(afterOlder.path("lastReadMessageId").stringValue()).isEqualTo(a3);
        assertThat(afterOlder.path("unreadCount").longValue()).isZero();
        assertThat(bob.unread(roomId).path("lastReadMessageId").stringValue()).isEqualTo(a3);

        alice.send(roomId, "a4");

        // Had the marker gone back to a1, a2 and a3 would be unread again as well.
        assertThat(bob.unread(roomId).path("unreadCount").longValue()).isEqualTo(1);
    }

    @Test
    void markingTheSameMessageReadAgainChangesNothing() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        String a1 = alice.sendId(roomId, "a1");
        alice.send(roomId, "a2");

        JsonNode first = bob.markRead(roomId, a1);
        JsonNode again = bob.markRead(roomId, a1);

        assertThat(again).isEqualTo(first);
        assertThat(again.path("unreadCount").longValue()).isEqualTo(1);
    }
}
