package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatservice.it.web.ApiUser;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Presence on one instance (in-process fan-out): a member is online while at least one of their connections is
 * open, the room's presence topic hears of each change of that once, and REST lists who is online now.
 */
class PresenceIT extends StompIntegrationTest {

    private static final Duration QUIET_CHECK = StompConnection.TIMEOUT;

    static Predicate<ReceivedFrame> about(ApiUser user, boolean online) {
        return frame -> user.id().equals(frame.field("userId")) && frame.json().path("online").booleanValue() == online;
    }

    static Predicate<ReceivedFrame> about(ApiUser user) {
        return frame -> user.id().equals(frame.field("userId"));
    }

    /** The room's presence as REST gives it, once it lists exactly {@code expected} (sorted by id). */
    static JsonNode presenceListing(ApiUser asking, String roomId, ApiUser... expected) {
        List<String> ids = Stream.of(expected).map(ApiUser::id).sorted().toList();
        return await().atMost(QUIET_CHECK).until(() -> asking.get("/rooms/" + roomId + "/presence").expect(200),
                body -> body.path("online").valueStream().map(JsonNode::asString).toList().equals(ids));
    }

    @Test
    void aMemberIsAnnouncedOnlineWithTheFirstConnectionAndOfflineWithTheLast() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);
        String presence = Destinations.presence(roomId);
        StompConnection bobs = connect(bob);
        bobs.subscribe(presence);

        StompConnection alicesFirst = connect(alice);
        ReceivedFrame online = bobs.next(presence, about(alice), "alice's presence");
        assertThat(online.text()).isEqualTo("{\"type\":\"PRESENCE\",\"roomId\":\"" + roomId
                + "\",\"userId\":\"" + alice.id() + "\",\"online\":true}");

        // A second connection changes nothing: carol coming online afterwards is the next thing bob hears.
        StompConnection alicesSecond = connect(alice);
        StompConnection carols = connect(carol);
        assertThat(bobs.through(presence, about(carol, true), "carol online")).noneMatch(about(alice));

        presenceListing(bob, roomId, alice, bob, carol);

        // Closing one of two connections changes nothing either: carol going offline is the next thing.
        alicesSecond.close();
        carols.close();
        assertThat(bobs.through(presence, about(carol, false), "carol offline")).noneMatch(about(alice));

        alicesFirst.close();
        bobs.next(presence, about(alice, false), "alice offline");
        presenceListing(bob, roomId, bob);
    }

    @Test
    void restListsTheOnlineMembersSortedAndOnlyToMembers() {
        ApiUser carol = api.newUser("carol");
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser outsider = api.newUser("dave");
        String roomId = carol.createRoomWith(alice, bob);
        connect(carol);
        connect(alice);
        connect(outsider);

        JsonNode listing = presenceListing(bob, roomId, alice, carol);

        assertThat(listing.path("roomId").asString()).isEqualTo(roomId);
        assertThat(outsider.get("/rooms/" + roomId + "/presence").status()).isEqualTo(403);
        assertThat(outsider.get("/rooms/" + roomId + "/presence").json().path("code").asString())
                .isEqualTo("FORBIDDEN");
    }
}
