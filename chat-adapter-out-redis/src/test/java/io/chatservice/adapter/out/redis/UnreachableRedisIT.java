package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.chatservice.adapter.out.redis.testing.LocalRedisServer;
import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An instance whose Redis is not there (nothing listens on its port): every call fails soon, and says why. */
class UnreachableRedisIT {

    /** The listen timeout (2 s) and some slack for a slow machine. */
    private static final Duration BOUND = Duration.ofSeconds(4);

    private static FanoutInstance instance;

    @BeforeAll
    static void startInstanceWithoutRedis() {
        instance = FanoutInstance.start(LocalRedisServer.HOST, LocalRedisServer.freePort());
    }

    @AfterAll
    static void stopInstance() {
        instance.close();
    }

    @Test
    void listenFailsWithinItsTimeoutAndCountsNothing() {
        RoomId room = TestEvents.newRoom();

        assertUnavailableWithin(() -> instance.feed().listen(room));
        assertUnavailableWithin(() -> instance.feed().listen(room));

        assertThat(instance.feed().listenCount(room)).isZero();
    }

    @Test
    void manyListensAtOnceAllFailWithinTheBound() throws Exception {
        RoomId room = TestEvents.newRoom();
        List<Future<Throwable>> attempts = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                RoomId target = i % 2 == 0 ? room : TestEvents.newRoom();
                attempts.add(pool.submit(() -> {
                    try {
                        instance.feed().listen(target);
                        return null;
                    } catch (BroadcastUnavailableException expected) {
                        return expected;
                    }
                }));
            }
            for (Future<Throwable> attempt : attempts) {
                assertThat(attempt.get()).isInstanceOf(BroadcastUnavailableException.class);
            }
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        assertThat(instance.feed().listenCount(room)).isZero();
    }

    @Test
    void publishingARoomEventFailsSoThatTheRelayIsRetried() {
        RoomId room = TestEvents.newRoom();

        assertUnavailableWithin(() -> instance.fanout().fanOut(TestEvents.sent(room, 1, "hi")));
    }

    @Test
    void publishingTypingFails() {
        RoomId room = TestEvents.newRoom();

        assertUnavailableWithin(() -> instance.typing().publishTyping(room, UserId.of("bob"), true));
    }

    @Test
    void publishingPresenceFails() {
        RoomId room = TestEvents.newRoom();

        assertUnavailableWithin(() -> instance.presenceBroadcasts().publishPresence(
                List.of(room, TestEvents.newRoom()), UserId.of("bob"), true));
    }

    @Test
    void everyPresenceCallFailsSoonAndTheFailedCloseIsNotRepeated() {
        UserId user = UserId.of("it-" + UUID.randomUUID());

        assertUnavailableWithin(() -> instance.presence().connectionOpened(user, "c-1"));
        assertUnavailableWithin(() -> instance.presence().onlineAmong(Set.of(user)));
        assertUnavailableWithin(() -> instance.presence().connectionClosed(user, "c-1"));
        assertThat(instance.presence().connectionClosed(user, "c-1")).isFalse();
    }

    private static void assertUnavailableWithin(ThrowingCallable call) {
        long started = System.nanoTime();
        assertThatExceptionOfType(BroadcastUnavailableException.class).isThrownBy(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    }
}
