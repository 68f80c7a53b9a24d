package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.it.web.ApiResponse;
import io.chatservice.it.web.ApiUser;
import io.chatservice.it.ws.ChatInstance;
import io.chatservice.it.ws.Destinations;
import io.chatservice.it.ws.ReceivedFrame;
import io.chatservice.it.ws.StompConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away under a running instance: sends fail within seconds with a clear "unavailable" answer and
 * no ack, the STOMP connection stays open, and once the database is back the same instance, never restarted,
 * takes the very same clientMsgIds and stores each message once. The instance reaches the database through a
 * proxy the test cuts; the rest of the test suite keeps its database.
 */
class DatabaseOutageIT {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?(.*)");
    /** Hikari's connection-timeout (5 s) plus room for a slow machine: far below its 30 s default. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(9);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static CuttableTcpProxy proxy;
    private static ChatInstance instance;

    private final List<StompConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startAnInstanceBehindTheProxy() {
        Matcher url = JDBC_URL.matcher(TestDatabase.endpoint().url());
        assertThat(url.matches()).as("a PostgreSQL JDBC URL: %s", TestDatabase.endpoint().url()).isTrue();
        proxy = CuttableTcpProxy.to(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
        instance = ChatInstance.start("database-behind-proxy", Map.of(
                "spring.datasource.url", "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + url.group(3)));
    }

    @AfterAll
    static void stopIt() {
        if (instance != null) {
            instance.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void closeConnections() {
        proxy.restore();
        opened.forEach(StompConnection::close);
    }

    @Test
    void sendsFailFastWhileTheDatabaseIsDownAndTheSameClientMsgIdsAreStoredOnceWhenItIsBack() {
        ApiUser alice = instance.api().newUser("alice");
        ApiUser bob = instance.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));

        proxy.cut();

        long restStart = System.nanoTime();
        ApiResponse refused = alice.trySend(roomId, "c-rest", "sent over REST while the database is down");
        Duration restTook = Duration.ofNanos(System.nanoTime() - restStart);
        assertThat(refused.status()).as("REST send: %s", refused.text()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.json().path("code").stringValue()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(refused.text()).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("jdbc")
                .doesNotContainIgnoringCase("hikari").doesNotContain(Integer.toString(proxy.port()));
        assertThat(restTook).as("time to answer the REST send").isLessThan(FAIL_FAST);

        long stompStart = System.nanoTime();
        alices.send(Destinations.messages(roomId), StompConnection.message("c-stomp", "sent over STOMP meanwhile"));
        ReceivedFrame error = alices.errorFor("c-stomp");
        Duration stompTook = Duration.ofNanos(System.nanoTime() - stompStart);
        assertThat(error.field("code")).isEqualTo("UNAVAILABLE");
        assertThat(error.text()).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("hikari");
        assertThat(stompTook).as("time to answer the STOMP SEND").isLessThan(FAIL_FAST);
        assertThat(alices.pending(StompConnection.ACKS)).as("acks").isEmpty();
        assertThat(alices.isConnected()).as("alice's connection after the refused SEND").isTrue();
        assertThat(alices.errorFramesReceived()).as("ERROR frames").isEmpty();

        proxy.restore();

        JsonNode stored = resendOverRestUntilAccepted(alice, roomId);
        assertThat(stored.path("content").stringValue()).isEqualTo("sent over REST while the database is down");
        ReceivedFrame ack = resendOverStompUntilAcked(alices, roomId);
        assertThat(ack.field("status")).isEqualTo("ACCEPTED");

        // Once each in the history, once each to the subscriber; the instance was never restarted.
        JsonNode history = alice.history(roomId, "limit=50");
        List<String> contents = history.path("messages").valueStream()
                .map(message -> message.path("content").stringValue()).toList();
        assertThat(contents).containsOnlyOnce("sent over REST while the database is down", "sent over STOMP meanwhile");
        bobs.event(roomId, "MESSAGE_SENT", stored.path("messageId").stringValue());
        bobs.event(roomId, "MESSAGE_SENT", ack.messageId());
        assertThat(alice.trySend(roomId, "c-rest", "sent over REST while the database is down").status())
                .as("the REST clientMsgId once more").isEqualTo(200);
    }

    /** The first attempts after the restore may still meet a dead pooled connection; each is a clean 503. */
    private static JsonNode resendOverRestUntilAccepted(ApiUser alice, String roomId) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            ApiResponse response = alice.trySend(roomId, "c-rest", "sent over REST while the database is down");
            if (response.status() != 503 || System.nanoTime() > deadline) {
                assertThat(response.status()).as("REST send after the restore: %s", response.text()).isEqualTo(201);
                return response.json();
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static ReceivedFrame resendOverStompUntilAcked(StompConnection alices, String roomId) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            alices.send(Destinations.messages(roomId), StompConnection.message("c-stomp", "sent over STOMP meanwhile"));
            Optional<ReceivedFrame> ack = alices.poll(StompConnection.ACKS,
                    frame -> "c-stomp".equals(frame.field("clientMsgId")), Duration.ofSeconds(5));
            if (ack.isPresent()) {
                return ack.get();
            }
            ReceivedFrame error = alices.errorFor("c-stomp");
            assertThat(error.field("code")).isEqualTo("UNAVAILABLE");
            assertThat(System.nanoTime()).as("STOMP send accepted within %s of the restore", RECOVERY)
                    .isLessThan(deadline);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private StompConnection connect(ApiUser user) {
        StompConnection connection = instance.stomp().connect(user.token(), user.id());
        opened.add(connection);
        return connection;
    }
}
