package io.chatservice.it.ws;

import static io.chatservice.it.RecordingDelivery.inRoom;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.RecordingDelivery;
import io.chatservice.it.web.ApiUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one PostgreSQL and one Redis ({@code chat.fanout=redis}), as two browser tabs
 * would meet them behind a load balancer: what is sent on one reaches the subscribers of both, in order and once;
 * typing and presence cross too (a user is online while connected to either); and an instance listens in Redis only to the rooms its own clients subscribe to.
 */
class TwoInstanceFanoutIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static ChatInstance a;
    private static ChatInstance b;
    private static RedisChannels redis;

    private final List<StompConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        a = ChatInstance.start("A");
        b = ChatInstance.start("B");
        redis = RedisChannels.ofTestRedis();
    }

    @AfterAll
    static void stopThem() {
        if (redis != null) {
            redis.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(StompConnection::close);
    }

    @Test
    void messagesSentOnEitherInstanceReachSubscribersOnBothInOrderAndOnce() throws Exception {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        ApiUser carol = a.api().newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);
        StompConnection alicesOnA = connect(a, alice);
        alicesOnA.subscribe(Destinations.room(roomId));
        StompConnection bobsOnB = connect(b, bob);
        bobsOnB.subscribe(Destinations.room(roomId));
        StompConnection carolsOnB = connect(b, carol);
        carolsOnB.subscribe(Destinations.room(roomId));
        long seqBefore = alice.lastSeq(roomId);
        int fromA = 50;
        int fromB = 20;

        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> sentOnA = CompletableFuture.runAsync(() -> sendAll(alicesOnA, roomId, "a-", fromA),
                    senders);
            CompletableFuture<Void> sentOnB = CompletableFuture.runAsync(() -> sendAll(bobsOnB, roomId, "b-", fromB),
                    senders);
            sentOnA.get(DELIVERY.toSeconds(), TimeUnit.SECONDS);
            sentOnB.get(DELIVERY.toSeconds(), TimeUnit.SECONDS);
        } finally {
            senders.shutdownNow();
        }
        long lastSeq = seqBefore + fromA + fromB;
        assertThat(alice.lastSeq(roomId)).isEqualTo(lastSeq);

        List<Long> expected = LongStream.rangeClosed(seqBefore + 1, lastSeq).boxed().toList();
        Map<Long, String> bodiesOnA = new HashMap<>();
        for (StompConnection subscriber : List.of(alicesOnA, bobsOnB, carolsOnB)) {
            List<ReceivedFrame> events = subscriber.next(Destinations.room(roomId), expected.size(), DELIVERY);
            assertThat(events).extracting(ReceivedFrame::seq).as("seqs seen by %s", subscriber)
                    .containsExactlyElementsOf(expected);
            for (ReceivedFrame event : events) {
                String first = bodiesOnA.putIfAbsent(event.seq(), event.text());
                assertThat(first == null || first.equals(event.text()))
                        .as("seq %d has the same body on every instance", event.seq()).isTrue();
            }
        }
        // Exactly once: the next event is the next thing every subscriber sees.
        String marker = alice.sendId(roomId, "the end");
        for (StompConnection subscriber : List.of(alicesOnA, bobsOnB, carolsOnB)) {
            assertThat(subscriber.through(Destinations.room(roomId), frame -> marker.equals(frame.messageId()),
                    "the marker")).as("%s after the last message", subscriber).hasSize(1);
        }
    }

    @Test
    void typingCrossesInstances() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alicesOnA = connect(a, alice);
        alicesOnA.subscribe(Destinations.typing(roomId));
        StompConnection bobsOnB = connect(b, bob);
        bobsOnB.subscribe(Destinations.typing(roomId));

        alicesOnA.send(Destinations.sendTyping(roomId), Map.of("typing", true));
        ReceivedFrame seenOnB = bobsOnB.next(Destinations.typing(roomId));
        bobsOnB.send(Destinations.sendTyping(roomId), Map.of("typing", true));
        ReceivedFrame seenOnA = alicesOnA.next(Destinations.typing(roomId),
                frame -> bob.id().equals(frame.field("userId")), "bob typing");

        assertThat(seenOnB.field("type")).isEqualTo("TYPING");
        assertThat(seenOnB.field("userId")).isEqualTo(alice.id());
        assertThat(seenOnB.json().path("typing").booleanValue()).isTrue();
        assertThat(seenOnA.field("roomId")).isEqualTo(roomId);
    }

    @Test
    void presenceCountsConnectionsOnEveryInstance() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        ApiUser carol = a.api().newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);
        String presence = Destinations.presence(roomId);
        StompConnection bobsOnB = connect(b, bob);
        bobsOnB.subscribe(presence);

        StompConnection alicesOnA = connect(a, alice);
        ReceivedFrame online = bobsOnB.next(presence, PresenceIT.about(alice), "alice's presence from A");
        assertThat(online.text()).isEqualTo("{\"type\":\"PRESENCE\",\"roomId\":\"" + roomId
                + "\",\"userId\":\"" + alice.id() + "\",\"online\":true}");

        // Her second connection, on the other instance, changes nothing: carol's coming online is what B hears next.
        StompConnection alicesOnB = connect(b, alice);
        StompConnection carolsOnA = connect(a, carol);
        assertThat(bobsOnB.through(presence, PresenceIT.about(carol, true), "carol online"))
                .noneMatch(PresenceIT.about(alice));
        PresenceIT.presenceListing(a.as(bob), roomId, alice, bob, carol);
        PresenceIT.presenceListing(b.as(carol), roomId, alice, bob, carol);

        alicesOnA.close();
        carolsOnA.close();
        assertThat(bobsOnB.through(presence, PresenceIT.about(carol, false), "carol offline"))
                .noneMatch(PresenceIT.about(alice));
        PresenceIT.presenceListing(a.as(bob), roomId, alice, bob);

        alicesOnB.close();
        bobsOnB.next(presence, PresenceIT.about(alice, false), "alice offline");
        PresenceIT.presenceListing(a.as(bob), roomId, bob);
        PresenceIT.presenceListing(b.as(bob), roomId, bob);
    }

    @Test
    void anInstanceWithNoSubscriberForARoomReceivesNothingOfIt() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String quietOnB = alice.createRoomWith(bob);
        String busyOnB = bob.createRoomWith();
        StompConnection alicesOnA = connect(a, alice);
        alicesOnA.subscribe(Destinations.room(quietOnB));
        alicesOnA.subscribe(Destinations.typing(quietOnB));
        StompConnection bobsOnB = connect(b, bob);
        bobsOnB.subscribe(Destinations.room(busyOnB));

        assertThat(redis.subscribers(quietOnB)).as("only A listens to the room").isEqualTo(1);
        assertThat(redis.subscribers(busyOnB)).as("only B listens to bob's room").isEqualTo(1);

        // Messages sent on both instances and typing: A's subscriber sees them all...
        String sentOnA = alice.sendId(quietOnB, "on A");
        String sentOnB = b.as(bob).sendId(quietOnB, "on B");
        bobsOnB.send(Destinations.sendTyping(quietOnB), Map.of("typing", true));
        alicesOnA.event(quietOnB, "MESSAGE_SENT", sentOnA);
        alicesOnA.event(quietOnB, "MESSAGE_SENT", sentOnB);
        alicesOnA.next(Destinations.typing(quietOnB));
        // ...and once B has received something published later, it is clear B got nothing of the quiet room.
        String marker = bob.sendId(busyOnB, "for B");
        bobsOnB.event(busyOnB, "MESSAGE_SENT", marker);
        assertThat(b.deliveries().delivered(RecordingDelivery.mentioning(marker))).isNotEmpty();
        assertThat(b.deliveries().delivered(inRoom(quietOnB))).isEmpty();
        assertThat(a.deliveries().delivered(inRoom(quietOnB))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anInstanceStopsListeningInRedisAfterItsLastSubscriberLeaves() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alicesOnA = connect(a, alice);
        alicesOnA.subscribe(Destinations.room(roomId));
        long onlyA = redis.subscribers(roomId);
        assertThat(onlyA).isEqualTo(1);

        StompConnection firstOnB = connect(b, bob);
        firstOnB.subscribe(Destinations.room(roomId));
        StompConnection secondOnB = connect(b, bob);
        secondOnB.subscribe(Destinations.room(roomId));
        assertThat(redis.subscribers(roomId)).as("A and B listen").isEqualTo(2);

        firstOnB.unsubscribe(Destinations.room(roomId));
        String stillThere = alice.sendId(roomId, "B still has a subscriber");
        secondOnB.event(roomId, "MESSAGE_SENT", stillThere);
        assertThat(redis.subscribers(roomId)).as("B keeps listening for its other subscriber").isEqualTo(2);

        secondOnB.unsubscribe(Destinations.room(roomId));
        redis.awaitSubscribers(roomId, count -> count == onlyA, "B gone", Duration.ofSeconds(10));

        // A session that ends without unsubscribing counts as leaving too.
        StompConnection thirdOnB = connect(b, bob);
        thirdOnB.subscribe(Destinations.room(roomId));
        assertThat(redis.subscribers(roomId)).isEqualTo(2);
        thirdOnB.close();
        redis.awaitSubscribers(roomId, count -> count == onlyA, "B gone after the disconnect", Duration.ofSeconds(10));

        alicesOnA.close();
        redis.awaitSubscribers(roomId, count -> count == 0, "nobody left", Duration.ofSeconds(10));
    }

    private StompConnection connect(ChatInstance instance, ApiUser user) {
        StompConnection connection = instance.stomp().connect(user.token(), user.id() + "@" + instance.name());
        opened.add(connection);
        return connection;
    }

    private static void sendAll(StompConnection sender, String roomId, String prefix, int count) {
        for (int n = 0; n < count; n++) {
            sender.send(Destinations.messages(roomId), StompConnection.message(prefix + n, prefix + "message " + n));
        }
        for (int n = 0; n < count; n++) {
            assertThat(sender.ack(prefix + n).field("status")).isEqualTo("ACCEPTED");
        }
    }
}
