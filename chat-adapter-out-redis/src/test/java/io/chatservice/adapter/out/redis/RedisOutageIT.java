package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatservice.adapter.out.redis.testing.LocalRedisServer;
import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.domain.shared.RoomId;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back (a {@code redis-server} of this test, killed and restarted on the same port):
 * rooms listened to are subscribed again by themselves within about a second of Redis being back, calls made
 * meanwhile fail within their timeout (a listen of a room already subscribed too), and a room left during the
 * outage does not come back.
 */
class RedisOutageIT {

    /** Reconnect attempts are at most 1 s apart, then the re-subscription is one round trip. */
    private static final Duration RECOVERY = Duration.ofSeconds(4);
    private static final Duration FAILURE_BOUND = Duration.ofSeconds(4);

    private LocalRedisServer server;
    private FanoutInstance publisher;
    private FanoutInstance listener;

    @BeforeEach
    void startRedisAndInstances() {
        assumeTrue(LocalRedisServer.binary().isPresent(), "needs redis-server on the PATH to stop and start Redis");
        server = LocalRedisServer.startOnFreePort();
        publisher = FanoutInstance.start(server.host(), server.port());
        listener = FanoutInstance.start(server.host(), server.port());
    }

    @AfterEach
    void stopEverything() {
        if (listener != null) {
            listener.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void afterRedisIsBackTheRoomsListenedToAreSubscribedAgainAndReceive() throws InterruptedException {
        RoomId room = TestEvents.newRoom();
        listener.feed().listen(room);

        server.stop();
        Thread.sleep(2_000); // long enough for Lettuce's reconnect attempts to back off to their longest delay
        server = LocalRedisServer.start(server.port());
        long restarted = System.nanoTime();

        try (RedisProbe redis = new RedisProbe(server.host(), server.port())) {
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(50)).until(() -> redis.subscribers(room) == 1);
        }
        Duration resubscribed = Duration.ofNanos(System.nanoTime() - restarted);
        assertThat(resubscribed).isLessThan(RECOVERY);
        assertThat(listener.feed().listenCount(room)).isEqualTo(1);

        await().atMost(RECOVERY).ignoreExceptions()
                .until(() -> {
                    publisher.fanout().fanOut(TestEvents.sent(room, 1, "after the outage"));
                    return true;
                });
        await().atMost(RECOVERY).until(() -> !listener.received(room).isEmpty());
    }

    @Test
    void whileRedisIsDownCallsFailWithinTheirTimeoutAndCountNothing() {
        RoomId listened = TestEvents.newRoom();
        RoomId newRoom = TestEvents.newRoom();
        listener.feed().listen(listened);
        publisher.fanout().fanOut(TestEvents.sent(listened, 1, "before"));

        server.stop();

        assertUnavailableWithin(() -> listener.feed().listen(newRoom));
        assertUnavailableWithin(() -> publisher.fanout().fanOut(TestEvents.sent(listened, 2, "during")));
        assertThat(listener.feed().listenCount(newRoom)).isZero();
        assertThat(listener.feed().listenCount(listened)).isEqualTo(1);

        server = LocalRedisServer.start(server.port());
        await().atMost(RECOVERY).ignoreExceptions().until(() -> {
            listener.feed().listen(newRoom);
            return true;
        });
        try (RedisProbe redis = new RedisProbe(server.host(), server.port())) {
            await().atMost(RECOVERY).until(() -> redis.subscribers(newRoom) == 1 && redis.subscribers(listened) == 1);
        }
        assertThat(listener.feed().listenCount(newRoom)).isEqualTo(1);
    }

    /**
     * A relay must not sit out the 2 s command timeout while Redis is known to be gone: it holds a relay thread and
     * a database connection meanwhile. Lettuce rejects commands on a disconnected connection at once.
     */
    @Test
    void onceTheConnectionIsKnownLostAPublishFailsAtOnceRatherThanAfterTheCommandTimeout() {
        RoomId room = TestEvents.newRoom();
        publisher.fanout().fanOut(TestEvents.sent(room, 1, "before"));

        server.stop();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(20)).until(() -> {
            long started = System.nanoTime();
            try {
                publisher.fanout().fanOut(TestEvents.sent(room, 2, "during"));
                return false;
            } catch (BroadcastUnavailableException expected) {
                return Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(500)) < 0;
            }
        });
    }

    @Test
    void aRoomLeftWhileRedisWasDownIsNotSubscribedAgain() throws InterruptedException {
        RoomId left = TestEvents.newRoom();
        RoomId kept = TestEvents.newRoom();
        listener.feed().listen(left);
        listener.feed().listen(kept);

        server.stop();
        listener.feed().stopListening(left);
        Thread.sleep(2_500); // the UNSUBSCRIBE times out unsent; Lettuce still remembers the channel
        server = LocalRedisServer.start(server.port());

        try (RedisProbe redis = new RedisProbe(server.host(), server.port())) {
            await().atMost(RECOVERY).until(() -> redis.subscribers(kept) == 1);
            await().atMost(RECOVERY).until(() -> redis.subscribers(left) == 0);
        }
        await().atMost(RECOVERY).ignoreExceptions().until(() -> {
            publisher.fanout().fanOut(TestEvents.sent(left, 1, "nobody listens here"));
            publisher.fanout().fanOut(TestEvents.sent(kept, 1, "marker"));
            return true;
        });
        await().atMost(RECOVERY).until(() -> !listener.received(kept).isEmpty());
        assertThat(listener.received(left)).isEmpty();
    }

    @Test
    void aRoomAlreadyListenedToIsNotPromisedWhileTheConnectionIsDown() {
        RoomId room = TestEvents.newRoom();
        listener.feed().listen(room);

        server.stop();

        // Lettuce sees the connection drop as soon as the process is gone; from then on a listen must fail.
        await().atMost(FAILURE_BOUND).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                listener.feed().listen(room);
                listener.feed().stopListening(room);
                return false;
            } catch (BroadcastUnavailableException expected) {
                return true;
            }
        });
        assertThat(listener.feed().listenCount(room)).as("the failed listen counted nothing").isEqualTo(1);

        server = LocalRedisServer.start(server.port());
        await().atMost(RECOVERY).ignoreExceptions().until(() -> {
            listener.feed().listen(room);
            return true;
        });
        assertThat(listener.feed().listenCount(room)).isEqualTo(2);
    }

    private static void assertUnavailableWithin(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        long started = System.nanoTime();
        assertThatExceptionOfType(BroadcastUnavailableException.class).isThrownBy(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAILURE_BOUND);
    }
}
