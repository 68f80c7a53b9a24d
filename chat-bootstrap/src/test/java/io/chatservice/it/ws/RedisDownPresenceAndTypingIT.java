package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatservice.adapter.out.redis.testing.LocalRedisServer;
import io.chatservice.it.web.ApiResponse;
import io.chatservice.it.web.ApiUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Presence and typing while Redis is down, and after it comes back empty (a restarted Redis without persistence):
 * connections open and close as usual, a client that keeps typing hears about the outage once rather than with
 * every keystroke and keeps its connection, the presence read answers 503, and once Redis is back the instance
 * puts its live connections into the registry again, including the one opened during the outage. The instance
 * has a Redis of its own, which the test stops and starts; a short lease makes the renewal run every second.
 */
class RedisDownPresenceAndTypingIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private final List<StompConnection> opened = new ArrayList<>();
    private LocalRedisServer redis;
    private ChatInstance instance;

    @AfterEach
    void stopEverything() {
        opened.forEach(StompConnection::close);
        if (instance != null) {
            instance.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void presenceAndTypingDegradeWhileRedisIsDownAndPresenceIsWholeAgainAfterItComesBackEmpty() {
        assumeTrue(LocalRedisServer.binary().isPresent(), "needs redis-server on the PATH to stop and start Redis");
        redis = LocalRedisServer.startOnFreePort();
        instance = ChatInstance.start("redis-restarts", Map.of(
                "spring.data.redis.host", redis.host(),
                "spring.data.redis.port", Integer.toString(redis.port()),
                "spring.data.redis.timeout", "2s",
                "spring.data.redis.connect-timeout", "1s",
                "chat.presence.lease", "3s"));
        ApiUser alice = instance.api().newUser("alice");
        ApiUser bob = instance.api().newUser("bob");
        ApiUser carol = instance.api().newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.typing(roomId));
        StompConnection alices = connect(alice);
        awaitPresence(bob, roomId, alice, bob);

        redis.stop();

        StompConnection carols = connect(carol);
        assertThat(carols.isConnected()).as("a CONNECT while Redis is down is accepted").isTrue();
        alices.close();
        ApiResponse presence = bob.get("/rooms/" + roomId + "/presence");
        assertThat(presence.status()).isEqualTo(503);
        assertThat(presence.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(presence.json().path("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");

        for (int i = 0; i < 5; i++) {
            carols.send(Destinations.sendTyping(roomId), Map.of("typing", true));
        }
        ReceivedFrame unavailable = carols.nextError();
        assertThat(unavailable.field("code")).isEqualTo("UNAVAILABLE");
        assertThat(unavailable.field("destination")).isEqualTo(Destinations.sendTyping(roomId));
        // A typing SEND that asks for a receipt always gets an answer, here the error; answers come in the order of
        // the frames, so when it is there every typing frame before it has been handled.
        carols.sendWithReceipt(Destinations.sendTyping(roomId), Map.of("typing", false));
        ReceivedFrame answered = carols.nextError();
        assertThat(answered.field("code")).isEqualTo("UNAVAILABLE");
        assertThat(carols.pending(StompConnection.ERRORS)).as("no error for the other four typing frames").isEmpty();
        assertThat(carols.isConnected()).isTrue();

        redis = LocalRedisServer.start(redis.port());

        // Bob's connection, lost with Redis's data, and carol's, opened during the outage, are put back; alice's
        // closed during the outage and stays out.
        awaitPresence(bob, roomId, bob, carol);
        await().atMost(RECOVERY).untilAsserted(() -> {
            carols.send(Destinations.sendTyping(roomId), Map.of("typing", true));
            assertThat(bobs.poll(Destinations.typing(roomId), frame -> carol.id().equals(frame.field("userId")),
                    Duration.ofMillis(500))).as("typing crosses Redis again").isPresent();
        });
        assertThat(carols.isConnected()).isTrue();
    }

    private static void awaitPresence(ApiUser asking, String roomId, ApiUser... online) {
        List<String> expected = java.util.stream.Stream.of(online).map(ApiUser::id).sorted().toList();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ApiResponse response = asking.get("/rooms/" + roomId + "/presence");
            assertThat(response.status()).as("presence %s", response.text()).isEqualTo(200);
            JsonNode listed = response.json().path("online");
            assertThat(listed.valueStream().map(JsonNode::asString).toList()).isEqualTo(expected);
        });
    }

    private StompConnection connect(ApiUser user) {
        StompConnection connection = instance.stomp().connect(user.token(), user.id());
        opened.add(connection);
        return connection;
    }
}
