package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatservice.it.web.ApiResponse;
import io.chatservice.it.web.ApiUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The per-user limits, end to end, on two instances sharing PostgreSQL and Redis and configured low: 3 messages
 * at once and then one every 20 s (so nothing refills while a test runs), 2 connections per user, and 6 connects
 * per user and instance, then one every 20 s. Every test uses users of its own.
 */
class AbuseLimitsIT {

    private static final int BURST = 3;
    private static final long REFILL_MILLIS = 20_000;
    private static final int CONNECT_BURST = 6;
    private static final Map<String, String> LOW_LIMITS = Map.of(
            "chat.rate-limit.messages.capacity", Integer.toString(BURST),
            "chat.rate-limit.messages.refill-per-second", "0.05",
            "chat.ws.max-connections-per-user", "2",
            "chat.rate-limit.connections.capacity", Integer.toString(CONNECT_BURST),
            "chat.rate-limit.connections.refill-per-second", "0.05");

    private static ChatInstance a;
    private static ChatInstance b;

    private final List<StompConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startTwoInstancesWithLowLimits() {
        a = ChatInstance.start("limits-A", LOW_LIMITS);
        b = ChatInstance.start("limits-B", LOW_LIMITS);
    }

    @AfterAll
    static void stopThem() {
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
        opened.clear();
    }

    @Test
    void aRestSendPastTheLimitIs429WithRetryAfterAndStoresNothing() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        for (int i = 0; i < BURST; i++) {
            alice.trySend(roomId, "c-" + i, "burst " + i).expect(201);
        }
        long lastSeq = alice.lastSeq(roomId);

        ApiResponse refused = alice.trySend(roomId, "c-over", "one too many");

        JsonNode problem = refused.expect(429);
        assertThat(refused.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(problem.path("code").stringValue()).isEqualTo("RATE_LIMITED");
        assertThat(problem.path("status").intValue()).isEqualTo(429);
        long retryAfterMs = problem.path("retryAfterMs").longValue();
        assertThat(retryAfterMs).isBetween(1L, REFILL_MILLIS);
        assertThat(refused.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds))
                .as("whole seconds, rounded up").isEqualTo(Math.ceilDiv(retryAfterMs, 1000)));
        assertThat(alice.lastSeq(roomId)).as("nothing stored").isEqualTo(lastSeq);
        assertThat(alice.sync(roomId, "sinceSeq=" + lastSeq).path("messages")).isEmpty();

        assertThat(bob.trySend(roomId, "b-1", "I am not limited").expect(201).path("seq").longValue())
                .isEqualTo(lastSeq + 1);
    }

    @Test
    void editsSpendTheSameAllowanceAndDeletesAreNotLimited() {
        ApiUser alice = a.api().newUser("alice");
        String roomId = alice.createRoomWith();
        String first = alice.sendId(roomId, "one");
        alice.sendId(roomId, "two");
        alice.edit(roomId, first, "one, edited");

        ApiResponse edit = alice.patch("/rooms/" + roomId + "/messages/" + first, Map.of("content", "again"));

        assertThat(edit.expect(429).path("code").stringValue()).isEqualTo("RATE_LIMITED");
        assertThat(alice.message(roomId, first).path("content").stringValue()).isEqualTo("one, edited");
        assertThat(alice.deleteMessage(roomId, first).path("deleted").booleanValue()).isTrue();
    }

    @Test
    void aStompSendPastTheLimitIsRateLimitedOnTheErrorsQueueAndTheConnectionCarriesOn() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection aliceOnA = connect(a, alice);
        StompConnection bobOnA = connect(a, bob);
        for (int i = 0; i < BURST; i++) {
            assertThat(aliceOnA.sendAndAwaitAck(roomId, "c-" + i, "burst " + i).field("status")).isEqualTo("ACCEPTED");
        }
        long lastSeq = alice.lastSeq(roomId);

        aliceOnA.sendMessage(roomId, "c-over", "one too many");

        ReceivedFrame error = aliceOnA.errorFor("c-over");
        assertThat(error.field("code")).isEqualTo("RATE_LIMITED");
        assertThat(error.field("destination")).isEqualTo(Destinations.messages(roomId));
        assertThat(error.json().path("retryAfterMs").longValue()).isBetween(1L, REFILL_MILLIS);
        assertThat(alice.lastSeq(roomId)).as("the room's lastSeq did not move").isEqualTo(lastSeq);

        ReceivedFrame bobsAck = bobOnA.sendAndAwaitAck(roomId, "b-1", "I am not limited");
        assertThat(bobsAck.field("status")).isEqualTo("ACCEPTED");
        assertThat(bobsAck.seq()).isEqualTo(lastSeq + 1);

        assertThat(aliceOnA.isConnected()).isTrue();
        aliceOnA.subscribe(Destinations.room(roomId));
        assertThat(aliceOnA.closeStatusIfClosed()).as("a rate limit never closes the connection").isNull();
    }

    @Test
    void twoInstancesSpendOneAllowancePerUser() {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        ApiUser aliceOnB = b.as(alice);

        alice.trySend(roomId, "c-1", "on A").expect(201);
        aliceOnB.trySend(roomId, "c-2", "on B").expect(201);
        alice.trySend(roomId, "c-3", "on A again").expect(201);

        assertThat(aliceOnB.trySend(roomId, "c-4", "on B, one too many").expect(429).path("code").stringValue())
                .isEqualTo("RATE_LIMITED");
        alice.trySend(roomId, "c-5", "on A, one too many").expect(429);
        b.as(bob).trySend(roomId, "b-1", "bob on B").expect(201);
    }

    @Test
    void aConnectPastTheUsersConnectionsIsRefusedWithAnErrorFrameAndClosingOneFreesASlot() {
        ApiUser carol = a.api().newUser("carol");
        String roomId = carol.createRoomWith();
        StompConnection first = connect(a, carol);
        StompConnection second = connect(a, carol);

        StompRefusal refusal = a.stomp().connectExpectingError(carol.token());

        assertThat(refusal.error().header("message")).isEqualTo("TOO_MANY_CONNECTIONS");
        assertThat(refusal.error().field("code")).isEqualTo("TOO_MANY_CONNECTIONS");
        assertThat(refusal.closeStatus()).as("the refused connection is closed").isNotNull();
        first.subscribe(Destinations.room(roomId));
        second.subscribe(Destinations.room(roomId));
        assertThat(first.sendAndAwaitAck(roomId, "c-1", "still working").field("status")).isEqualTo("ACCEPTED");
        ApiUser dave = a.api().newUser("dave");
        connect(a, dave);
        connect(a, dave);

        first.close();

        // The server learns of the close asynchronously; each attempt before it does is refused (and spends nothing).
        AtomicReference<StompConnection> third = new AtomicReference<>();
        await().pollDelay(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> third.compareAndSet(null, connect(a, carol)));
        third.get().subscribe(Destinations.room(roomId));
    }

    @Test
    void connectionsAreCountedPerInstance() {
        ApiUser carol = a.api().newUser("carol");
        connect(a, carol);
        connect(a, carol);

        StompConnection onB = connect(b, carol);

        assertThat(onB.isConnected()).isTrue();
        assertThat(a.stomp().connectExpectingError(carol.token()).error().header("message"))
                .isEqualTo("TOO_MANY_CONNECTIONS");
    }

    @Test
    void aClientThatKeepsReconnectingIsRateLimitedWhileItsOpenConnectionsCarryOn() {
        ApiUser erin = a.api().newUser("erin");
        String roomId = erin.createRoomWith();
        StompConnection first = connect(a, erin);
        StompConnection second = connect(a, erin);
        // Past the connections: refused, without spending any of the connect allowance.
        for (int attempt = 0; attempt < CONNECT_BURST; attempt++) {
            assertThat(a.stomp().connectExpectingError(erin.token()).error().header("message"))
                    .as("attempt %d past the connections", attempt).isEqualTo("TOO_MANY_CONNECTIONS");
        }
        // A reconnect loop on the second slot spends the rest of it. The server learns of each close
        // asynchronously: attempts before it does are refused for the connections, and spend nothing.
        second.close();
        for (int connects = 2; connects < CONNECT_BURST; connects++) {
            AtomicReference<StompConnection> again = new AtomicReference<>();
            await().pollDelay(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(100))
                    .atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> again.compareAndSet(null, connect(a, erin)));
            again.get().close();
        }

        AtomicReference<StompRefusal> limited = new AtomicReference<>();
        await().pollDelay(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10))
                .until(() -> {
                    limited.set(a.stomp().connectExpectingError(erin.token()));
                    return !"TOO_MANY_CONNECTIONS".equals(limited.get().error().header("message"));
                });
        StompRefusal refusal = limited.get();

        assertThat(refusal.error().header("message")).isEqualTo("RATE_LIMITED");
        assertThat(refusal.error().field("code")).isEqualTo("RATE_LIMITED");
        assertThat(refusal.error().json().path("retryAfterMs").longValue()).isBetween(1L, REFILL_MILLIS);
        assertThat(refusal.closeStatus()).isNotNull();
        first.subscribe(Destinations.room(roomId));
        assertThat(first.closeStatusIfClosed()).isNull();
    }

    private StompConnection connect(ChatInstance instance, ApiUser user) {
        StompConnection connection = instance.stomp().connect(user.token(), user.id() + " on " + instance.name());
        opened.add(connection);
        return connection;
    }
}
