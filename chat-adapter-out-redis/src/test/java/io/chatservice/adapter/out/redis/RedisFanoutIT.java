package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances sharing the test Redis ({@link TestRedis}): what one publishes reaches the other exactly while
 * it listens to the room, and Redis itself ({@code PUBSUB NUMSUB}) shows one subscription per listening
 * instance. Every test uses rooms of its own: the Redis may be shared.
 */
class RedisFanoutIT {

    private static final Duration DELIVERY = Duration.ofSeconds(5);

    private static FanoutInstance publisher;
    private static FanoutInstance listener;
    private static RedisProbe redis;

    private final RoomBroadcastEncoder encoder = new RoomBroadcastEncoder(JsonMapper.shared());

    @BeforeAll
    static void startInstances() {
        publisher = FanoutInstance.start(TestRedis.host(), TestRedis.port());
        listener = FanoutInstance.start(TestRedis.host(), TestRedis.port());
        redis = new RedisProbe(TestRedis.host(), TestRedis.port());
    }

    @AfterAll
    static void stopInstances() {
        redis.close();
        listener.close();
        publisher.close();
    }

    @Test
    void aRoomEventPublishedOnOneInstanceReachesAnotherThatListensExactlyAsEncoded() {
        RoomId room = TestEvents.newRoom();
        listener.feed().listen(room);
        MessageSent sent = TestEvents.sent(room, 1, "h\u00e9llo \uD83D\uDE00 \u05E9\u05DC\u05D5\u05DD </script>");
        MemberLeft left = TestEvents.left(room, 2, "bob");

        publisher.fanout().fanOut(sent);
        publisher.fanout().fanOut(left);

        await().atMost(DELIVERY).until(() -> listener.received(room).size() == 2);
        assertThat(listener.received(room)).containsExactly(encoder.encode(sent), encoder.encode(left));
        assertThat(listener.received(room).get(1).departedMember()).isEqualTo(UserId.of("bob"));
        listener.feed().stopListening(room);
    }

    @Test
    void presenceReachesTheListeningInstanceAsAnEphemeralBroadcast() {
        RoomId room = TestEvents.newRoom();
        listener.feed().listen(room);

        publisher.presenceBroadcasts().publishPresence(List.of(room), UserId.of("bob"), false);

        await().atMost(DELIVERY).until(() -> !listener.received(room).isEmpty());
        assertThat(listener.received(room)).containsExactly(encoder.encodePresence(room, UserId.of("bob"), false));
        assertThat(listener.received(room).getFirst().kind()).isEqualTo(RoomBroadcast.Kind.PRESENCE);
        listener.feed().stopListening(room);
    }

    @Test
    void presenceReachesEveryRoomOfAUserInAFewPipelines() {
        List<RoomId> rooms = newRooms(2 * RedisRoomEventFanout.PUBLISHES_PER_PIPELINE + 1);
        List<RoomId> listened = List.of(rooms.getFirst(), rooms.get(rooms.size() / 2), rooms.getLast());
        listened.forEach(listener.feed()::listen);
        AtomicInteger pipelines = new AtomicInteger();
        try (InterceptingRedis redis = InterceptingRedis.connect()) {
            redis.interceptPipelines(proceed -> {
                pipelines.incrementAndGet();
                return proceed.get();
            });

            new RedisRoomEventFanout(redis, encoder).publishPresence(rooms, UserId.of("bob"), true);
        }

        assertThat(pipelines).hasValue(3);
        await().atMost(DELIVERY).until(() -> listened.stream().allMatch(room -> listener.received(room).size() == 1));
        listened.forEach(room -> assertThat(listener.received(room))
                .containsExactly(encoder.encodePresence(room, UserId.of("bob"), true)));
        listened.forEach(listener.feed()::stopListening);
    }

    @Test
    void aPipelineThatFailsDoesNotKeepPresenceFromTheOtherRoomsAndIsReportedAfterThem() {
        List<RoomId> rooms = newRooms(RedisRoomEventFanout.PUBLISHES_PER_PIPELINE + 1);
        listener.feed().listen(rooms.getLast());
        AtomicInteger pipelines = new AtomicInteger();
        try (InterceptingRedis redis = InterceptingRedis.connect()) {
            redis.interceptPipelines(proceed -> {
                if (pipelines.incrementAndGet() == 1) {
                    throw new RedisConnectionFailureException("Redis went away");
                }
                return proceed.get();
            });
            RedisRoomEventFanout fanout = new RedisRoomEventFanout(redis, encoder);

            assertThatExceptionOfType(BroadcastUnavailableException.class)
                    .isThrownBy(() -> fanout.publishPresence(rooms, UserId.of("bob"), true))
                    .withMessageContaining(RedisRoomEventFanout.PUBLISHES_PER_PIPELINE + " of " + rooms.size());
        }

        assertThat(pipelines).as("the second pipeline ran after the first failed").hasValue(2);
        await().atMost(DELIVERY).until(() -> listener.received(rooms.getLast()).size() == 1);
        listener.feed().stopListening(rooms.getLast());
    }

    @Test
    void theEventsOfOneTransactionGoOutInOnePipelineEachRoomInCommitOrder() {
        RoomId first = TestEvents.newRoom();
        RoomId second = TestEvents.newRoom();
        listener.feed().listen(first);
        listener.feed().listen(second);
        List<MessageSent> batch = List.of(
                TestEvents.sent(first, 7, "a"), TestEvents.sent(second, 3, "b"),
                TestEvents.sent(first, 8, "c"), TestEvents.sent(first, 9, "d"));
        AtomicInteger pipelines = new AtomicInteger();
        try (InterceptingRedis redis = InterceptingRedis.connect()) {
            redis.interceptPipelines(proceed -> {
                pipelines.incrementAndGet();
                return proceed.get();
            });

            new RedisRoomEventFanout(redis, encoder).fanOutAll(batch);
        }

        assertThat(pipelines).hasValue(1);
        await().atMost(DELIVERY).until(() -> listener.received(first).size() == 3);
        assertThat(listener.received(first)).extracting(RoomBroadcast::seq).containsExactly(7L, 8L, 9L);
        assertThat(listener.received(first).getFirst()).isEqualTo(encoder.encode(batch.getFirst()));
        await().atMost(DELIVERY).until(() -> listener.received(second).size() == 1);
        listener.feed().stopListening(first);
        listener.feed().stopListening(second);
    }

    @Test
    void aBatchThatCannotBePublishedFailsAsAWholeSoThatItsPublicationStaysIncomplete() {
        RoomId room = TestEvents.newRoom();
        try (InterceptingRedis redis = InterceptingRedis.connect()) {
            redis.interceptPipelines(proceed -> {
                throw new RedisConnectionFailureException("Redis went away");
            });
            RedisRoomEventFanout fanout = new RedisRoomEventFanout(redis, encoder);

            assertThatExceptionOfType(BroadcastUnavailableException.class)
                    .isThrownBy(() -> fanout.fanOutAll(List.of(TestEvents.sent(room, 4, "a"), TestEvents.sent(room, 5, "b"))))
                    .withMessageContaining("2 room events (from seq 4 of room " + room + ")");
        }
    }

    private static List<RoomId> newRooms(int count) {
        List<RoomId> rooms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rooms.add(TestEvents.newRoom());
        }
        return rooms;
    }

    @Test
    void typingReachesTheListeningInstance() {
        RoomId room = TestEvents.newRoom();
        listener.feed().listen(room);

        publisher.typing().publishTyping(room, UserId.of("bob"), true);

        await().atMost(DELIVERY).until(() -> !listener.received(room).isEmpty());
        assertThat(listener.received(room)).containsExactly(encoder.encodeTyping(room, UserId.of("bob"), true));
        listener.feed().stopListening(room);
    }

    @Test
    void onlyInstancesThatListenToARoomAreSubscribedAndReceiveIt() {
        RoomId room = TestEvents.newRoom();
        RoomId marker = TestEvents.newRoom();
        assertThat(redis.subscribers(room)).isZero();

        listener.feed().listen(room);
        assertThat(redis.subscribers(room)).isEqualTo(1);
        publisher.feed().listen(room);
        assertThat(redis.subscribers(room)).isEqualTo(2);
        publisher.fanout().fanOut(TestEvents.sent(room, 1, "to both"));
        await().atMost(DELIVERY).until(() -> listener.received(room).size() == 1 && publisher.received(room).size() == 1);

        publisher.feed().stopListening(room);
        await().atMost(DELIVERY).until(() -> redis.subscribers(room) == 1);
        publisher.feed().listen(marker);
        publisher.fanout().fanOut(TestEvents.sent(room, 2, "to the listener only"));
        publisher.fanout().fanOut(TestEvents.sent(marker, 1, "after it, on the same connection"));

        await().atMost(DELIVERY).until(() -> publisher.received(marker).size() == 1 && listener.received(room).size() == 2);
        assertThat(publisher.received(room)).extracting(RoomBroadcast::seq).containsExactly(1L);
        assertThat(listener.received(marker)).isEmpty();
        listener.feed().stopListening(room);
        publisher.feed().stopListening(marker);
        await().atMost(DELIVERY).until(() -> redis.subscribers(room) == 0);
    }

    @Test
    void aRoomStaysSubscribedUntilItsLastListenIsStopped() {
        RoomId room = TestEvents.newRoom();
        RoomId marker = TestEvents.newRoom();
        listener.feed().listen(room);
        listener.feed().listen(room);
        listener.feed().stopListening(room);

        assertThat(listener.feed().listenCount(room)).isEqualTo(1);
        assertThat(redis.subscribers(room)).isEqualTo(1);
        publisher.fanout().fanOut(TestEvents.sent(room, 1, "still listened"));
        await().atMost(DELIVERY).until(() -> listener.received(room).size() == 1);

        listener.feed().stopListening(room);
        assertThat(listener.feed().listenCount(room)).isZero();
        await().atMost(DELIVERY).until(() -> redis.subscribers(room) == 0);
        listener.feed().listen(marker);
        publisher.fanout().fanOut(TestEvents.sent(room, 2, "nobody listens"));
        publisher.fanout().fanOut(TestEvents.sent(marker, 1, "marker"));
        await().atMost(DELIVERY).until(() -> listener.received(marker).size() == 1);
        assertThat(listener.received(room)).extracting(RoomBroadcast::seq).containsExactly(1L);
        listener.feed().stopListening(marker);
    }

    @Test
    void aRoomListenedToAgainRightAfterItsLastStopIsSubscribed() {
        RoomId room = TestEvents.newRoom();
        for (int i = 0; i < 20; i++) {
            listener.feed().listen(room);
            listener.feed().stopListening(room);
        }
        listener.feed().listen(room);

        assertThat(redis.subscribers(room)).isEqualTo(1);
        publisher.fanout().fanOut(TestEvents.sent(room, 1, "hi"));
        await().atMost(DELIVERY).until(() -> listener.received(room).size() == 1);
        listener.feed().stopListening(room);
    }

    @Test
    void concurrentListensAndStopsOfOneRoomLeaveTheSubscriptionMatchingTheCount() throws Exception {
        RoomId room = TestEvents.newRoom();
        int threads = 12;
        int rounds = 40;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                boolean keepsOne = t % 3 == 0;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        listener.feed().listen(room);
                        listener.feed().stopListening(room);
                    }
                    if (keepsOne) {
                        listener.feed().listen(room);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        assertThat(listener.feed().listenCount(room)).isEqualTo(4);
        assertThat(redis.subscribers(room)).isEqualTo(1);
        publisher.fanout().fanOut(TestEvents.sent(room, 1, "after the storm"));
        await().atMost(DELIVERY).until(() -> listener.received(room).size() == 1);

        for (int i = 0; i < 4; i++) {
            listener.feed().stopListening(room);
        }
        await().atMost(DELIVERY).until(() -> redis.subscribers(room) == 0);
    }

    @Test
    void aStopWithoutAListenIsIgnored() {
        RoomId room = TestEvents.newRoom();

        assertThatCode(() -> listener.feed().stopListening(room)).doesNotThrowAnyException();

        listener.feed().listen(room);
        listener.feed().stopListening(room);
        listener.feed().stopListening(room);
        assertThat(listener.feed().listenCount(room)).isZero();
        await().atMost(DELIVERY).until(() -> redis.subscribers(room) == 0);
    }
}
