package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.it.web.ApiUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;

/**
 * An instance closing its context, which is what the JVM's shutdown hook does on SIGTERM (Spring Boot registers
 * it), while clients are connected and sending: readiness turns OUT_OF_SERVICE first; new handshakes and CONNECTs
 * are refused clearly; a SEND that is being processed commits and is acknowledged; later SENDs are answered
 * {@code SERVER_SHUTTING_DOWN} and not stored; then every connection is closed at once with 1012 and a reason
 * saying to reconnect, but only after the broadcast of the last commit has reached the closing instance's own
 * subscribers. Across many concurrent sends, nothing acknowledged is missing and everything stored was broadcast to
 * the other instance. A second instance ({@code B}) stays up and is where the test checks.
 */
class GracefulShutdownIT {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdownIT.class);
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private static ChatInstance b;

    private final List<StompConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startTheInstanceThatStays() {
        b = ChatInstance.start("stays");
    }

    @AfterAll
    static void stopIt() {
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(StompConnection::close);
    }

    @Test
    void theShutdownStepsRunBeforeTheWebServerAndSpringsOwnWebSocketHandlerStop() {
        Map<String, Integer> phases = b.lifecyclePhases();

        assertThat(phases.get("webSocketShutdownDrain")).as("phases %s", phases)
                .isGreaterThan(phases.get("roomEventRelayDrain"));
        assertThat(phases.get("roomEventRelayDrain")).isGreaterThan(phases.get("webSocketShutdownClose"));
        assertThat(phases.get("webSocketShutdownClose"))
                .isGreaterThan(phases.get("webServerGracefulShutdown"))
                .isGreaterThan(phases.get("subProtocolWebSocketHandler"));
    }

    @Test
    void aSendInFlightCommitsAndIsAckedNewcomersAreRefusedAndEveryoneIsToldToReconnect() throws Exception {
        ChatInstance a = ChatInstance.start("closing");
        try {
            theInFlightScenario(a);
        } finally {
            a.close();
        }
    }

    private void theInFlightScenario(ChatInstance a) throws Exception {
        ApiUser alice = a.api().newUser("alice");
        ApiUser bob = a.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(a, alice);
        StompConnection bobsHere = connect(a, bob);
        bobsHere.subscribe(Destinations.room(roomId));
        CompletableFuture<List<ReceivedFrame>> bobsHereBeforeClose =
                bobsHere.receivedBeforeClose(Destinations.room(roomId));
        StompConnection bobsElsewhere = connect(b, bob);
        bobsElsewhere.subscribe(Destinations.room(roomId));
        RawSocket notYetConnected = RawSocket.open(a.port());
        RawSocket carolsRaw = RawSocket.open(a.port());
        assertThat(carolsRaw.connect(a.api().newUser("carol").token())).startsWith("CONNECTED\n");

        CompletableFuture<Void> closed;
        try (Connection lock = lockRoom(roomId)) {
            StompConnection.Receipt inFlightReceipt = alices.sendMessage(roomId, "c-in-flight", "sent before shutdown");
            awaitASendWaitingForTheRoomLock();

            closed = CompletableFuture.runAsync(a::close);

            JsonNode readiness = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> a.api().call("GET", "/actuator/health/readiness", null, null),
                            response -> response.status() == 503)
                    .json();
            assertThat(readiness.path("status").asString()).isEqualTo("OUT_OF_SERVICE");
            // Let the drain step begin (it follows readiness within the same close).
            String handshake = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> handshakeAnswer(a.port()), answer -> !answer.startsWith("HTTP/1.1 101"));
            assertThat(handshake).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 0");

            String refusal = notYetConnected.connect(alice.token());
            assertThat(refusal).startsWith("ERROR\n").contains("message:SERVER_SHUTTING_DOWN\n")
                    .contains("\"code\":\"SERVER_SHUTTING_DOWN\"");
            assertThat(notYetConnected.closeStatus(Duration.ofSeconds(10))).isNotNull();

            // A SEND that arrives now is refused at once, on a connection with nothing else to do ...
            bobsHere.send(Destinations.messages(roomId), StompConnection.message("c-too-late", "sent during shutdown"));
            assertThat(bobsHere.errorFor("c-too-late").field("code")).isEqualTo("SERVER_SHUTTING_DOWN");
            // ... and in its turn, after the SEND in flight, on the connection that sent that one.
            alices.send(Destinations.messages(roomId), StompConnection.message("c-after-it", "sent during shutdown"));
            assertThat(closed).as("shutdown waits for the SEND in flight").isNotDone();

            // Redis holds the commit's broadcast for a while: the sessions must not be closed before it went out.
            try (RedisChannels redis = RedisChannels.ofTestRedis()) {
                redis.pauseAllClients(Duration.ofSeconds(1));
            }
            lock.commit();
            ReceivedFrame ack = alices.ack("c-in-flight");
            assertThat(ack.field("status")).isEqualTo("ACCEPTED");
            inFlightReceipt.await();
            assertThat(alices.errorFor("c-after-it").field("code")).isEqualTo("SERVER_SHUTTING_DOWN");
            long released = System.nanoTime();

            CloseStatus status = carolsRaw.closeStatus(Duration.ofSeconds(10));
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - released);
            LOG.info("GracefulShutdownIT: connection closed {} ms after the last SEND was released, with {}",
                    closedAfter.toMillis(), status);
            assertThat(status.getCode()).isEqualTo(1012);
            assertThat(status.getReason()).isEqualTo("SERVER_SHUTTING_DOWN: reconnect");
            // Promptly: long before a heart-beat (10 s) could have noticed anything.
            assertThat(closedAfter).isLessThan(Duration.ofSeconds(5));
            assertThat(alices.awaitClosed(Duration.ofSeconds(5))).isNotNull();
            assertThat(alices.errorFramesReceived()).as("closed without an ERROR frame").isEmpty();

            // The closing instance's own subscriber got the broadcast of the last commit before it was told to
            // reconnect: the relays drain (through Redis, back to this instance) before the sessions are closed.
            assertThat(bobsHereBeforeClose.get(10, TimeUnit.SECONDS))
                    .as("room events on the closing instance before its close")
                    .anySatisfy(frame -> {
                        assertThat(frame.field("type")).isEqualTo("MESSAGE_SENT");
                        assertThat(frame.messageId()).isEqualTo(ack.messageId());
                    });
            bobsElsewhere.event(roomId, "MESSAGE_SENT", ack.messageId());
        }
        closed.get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);

        JsonNode stored = b.as(bob).sync(roomId, "sinceSeq=0").path("messages");
        Set<String> clientMsgIds = stored.valueStream().map(message -> message.path("clientMsgId").asString(""))
                .collect(Collectors.toSet());
        assertThat(clientMsgIds).contains("c-in-flight").doesNotContain("c-too-late", "c-after-it");
        assertThat(bobsHere.awaitClosed(Duration.ofSeconds(10))).isNotNull();
        assertThat(bobsHere.errorFramesReceived()).isEmpty();
    }

    @Test
    void underConcurrentSendsNothingAcknowledgedIsLostAndEverythingStoredIsBroadcast() throws Exception {
        ChatInstance a = ChatInstance.start("closing-under-load");
        try {
            theLoadScenario(a);
        } finally {
            a.close();
        }
    }

    private void theLoadScenario(ChatInstance a) throws Exception {
        ApiUser owner = b.api().newUser("owner");
        List<ApiUser> senders = List.of(b.api().newUser("s1"), b.api().newUser("s2"), b.api().newUser("s3"));
        String roomId = owner.createRoomWith(senders.toArray(ApiUser[]::new));
        StompConnection watcher = connect(b, owner);
        watcher.subscribe(Destinations.room(roomId));
        int perSender = 5_000;
        int window = 20;
        List<StompConnection> connections = new ArrayList<>();
        for (ApiUser sender : senders) {
            connections.add(connect(a, sender));
        }
        int[] sent = new int[connections.size()];
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int s = 0; s < connections.size(); s++) {
            StompConnection connection = connections.get(s);
            String prefix = "load-" + s + "-";
            int sender = s;
            // Each client keeps up to `window` sends unanswered, and sends until its connection is closed.
            sending.add(CompletableFuture.runAsync(() -> {
                while (sent[sender] < perSender && connection.isConnected()) {
                    int answered = connection.pending(StompConnection.ACKS).size()
                            + connection.pending(StompConnection.ERRORS).size();
                    if (sent[sender] - answered >= window) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        continue;
                    }
                    try {
                        connection.send(Destinations.messages(roomId),
                                StompConnection.message(prefix + sent[sender], "m " + sent[sender]));
                        sent[sender]++;
                    } catch (RuntimeException | AssertionError connectionGone) {
                        return;
                    }
                }
            }));
        }
        // Shut down in the middle of the stream.
        await().atMost(Duration.ofSeconds(30)).until(() -> connections.getFirst().pending(StompConnection.ACKS).size() >= 30);
        a.close();
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        int total = java.util.Arrays.stream(sent).sum();

        Set<String> acked = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (StompConnection connection : connections) {
            // Closed by the server without an ERROR frame (1012, which Tomcat's client reports as 1002; the close
            // code itself is checked with the JDK's client in the test above).
            assertThat(connection.awaitClosed(Duration.ofSeconds(10))).isNotNull();
            assertThat(connection.errorFramesReceived()).isEmpty();
            connection.pending(StompConnection.ACKS).forEach(frame -> {
                assertThat(frame.field("status")).isEqualTo("ACCEPTED");
                acked.add(frame.field("clientMsgId"));
            });
            connection.pending(StompConnection.ERRORS).forEach(frame -> {
                assertThat(frame.field("code")).as("error %s", frame).isEqualTo("SERVER_SHUTTING_DOWN");
                refused.add(frame.field("clientMsgId"));
            });
        }
        Map<String, Stored> stored = storedMessages(owner, roomId);
        LOG.info("GracefulShutdownIT: {} sends, {} acknowledged, {} refused, {} unanswered; {} stored",
                total, acked.size(), refused.size(), total - acked.size() - refused.size(), stored.size());
        assertThat(refused).as("sends arrived during the shutdown").isNotEmpty();

        assertThat(stored.keySet()).as("every acknowledged send is stored").containsAll(acked);
        assertThat(stored.keySet()).as("no refused send is stored").doesNotContainAnyElementsOf(refused);
        // Every stored message was broadcast: the watcher on the other instance received it live, or received a
        // later seq and so knows to sync (live delivery skips an event that arrives later than the reorder wait).
        long lastSeq = stored.values().stream().mapToLong(Stored::seq).max().orElseThrow();
        java.util.Map<String, Long> live = new java.util.HashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            watcher.pending(Destinations.room(roomId)).forEach(frame -> live.put(frame.messageId(), frame.seq()));
            assertThat(live.values()).as("the other instance received the last stored message's seq").contains(lastSeq);
        });
        List<Stored> missed = stored.values().stream().filter(message -> !live.containsKey(message.messageId()))
                .toList();
        LOG.info("GracefulShutdownIT: {} of {} stored messages reached the other instance live; the others {} behind"
                + " a later seq it received", stored.size() - missed.size(), stored.size(), missed);
        // Nothing was broadcast that is not stored (a refused or rolled-back send never goes out).
        Set<String> storedIds = stored.values().stream().map(Stored::messageId).collect(Collectors.toSet());
        assertThat(live.keySet().stream().filter(java.util.Objects::nonNull).toList()).as("messages broadcast live")
                .isNotEmpty().isSubsetOf(storedIds);
        // And the closing instance relayed every one of them before it went: no publication is left incomplete.
        assertThat(b.bean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject(
                "select count(*) from event_publication where completion_date is null and serialized_event like ?",
                Long.class, "%" + roomId + "%")).isZero();
    }

    private record Stored(String messageId, long seq) {
    }

    /** clientMsgId to the stored message, for every text message of the room, through REST on the instance that stayed. */
    private static Map<String, Stored> storedMessages(ApiUser owner, String roomId) {
        ApiUser asked = b.as(owner);
        Map<String, Stored> stored = new java.util.HashMap<>();
        long since = 0;
        while (true) {
            JsonNode page = asked.sync(roomId, "sinceSeq=" + since + "&limit=200");
            page.path("messages").valueStream()
                    .filter(message -> "TEXT".equals(message.path("type").asString()))
                    .forEach(message -> stored.put(message.path("clientMsgId").asString(),
                            new Stored(message.path("messageId").asString(), message.path("seq").asLong())));
            since = page.path("lastSeq").asLong();
            if (!page.path("hasMore").asBoolean()) {
                return stored;
            }
        }
    }

    private StompConnection connect(ChatInstance instance, ApiUser user) {
        StompConnection connection = instance.stomp().connect(user.token(), user.id() + "@" + instance.name());
        opened.add(connection);
        return connection;
    }

    /** Holds the room's row lock, as a long transaction would: a SEND to the room waits for it. */
    private static Connection lockRoom(String roomId) throws SQLException {
        Connection connection = database();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("select id from room where id = ? for update")) {
            lock.setString(1, roomId);
            lock.executeQuery().close();
        }
        return connection;
    }

    private static void awaitASendWaitingForTheRoomLock() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (Connection connection = database();
                    PreparedStatement waiting = connection.prepareStatement(
                            "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                    + " and datname = current_database()");
                    ResultSet count = waiting.executeQuery()) {
                count.next();
                return count.getLong(1) > 0;
            }
        });
    }

    private static Connection database() throws SQLException {
        TestDatabase.Endpoint endpoint = TestDatabase.endpoint();
        return DriverManager.getConnection(endpoint.url(), endpoint.username(), endpoint.password());
    }

    /** The status line and headers the server answers a WebSocket handshake to {@code /ws} with, by hand. */
    private static String handshakeAnswer(int port) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                head.append(line).append("\n");
            }
            return head.toString();
        }
    }

    /**
     * A bare WebSocket to {@code /ws} through the JDK's own client, STOMP frames written and read by hand. Not
     * Tomcat's JSR-356 client (what {@link StompTestClient} uses): that one reports a received 1012 as 1002, taking
     * the code for invalid, where browsers and Node's {@code ws} (under {@code @stomp/stompjs}) pass 1012 on.
     */
    private static final class RawSocket implements WebSocket.Listener {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static RawSocket open(int port) throws Exception {
            RawSocket raw = new RawSocket();
            raw.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port + "/ws"), raw)
                    .get(10, TimeUnit.SECONDS);
            return raw;
        }

        /** Sends CONNECT with the token and returns the first frame the server answers with. */
        String connect(String token) throws Exception {
            send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0");
            return nextFrame();
        }

        void send(String frame) throws Exception {
            socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
        }

        String nextFrame() throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame from the server").isNotNull();
            return frame;
        }

        CloseStatus closeStatus(Duration timeout) throws Exception {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseStatus(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

}
