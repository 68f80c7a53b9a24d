package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.UnreadStatus;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

class StompInboundGuardTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final RoomId ROOM = RoomId.of("r-1");

    private final RecordingChannel outbound = new RecordingChannel(true);
    private final ManualTimer timer = new ManualTimer();
    private final List<Runnable> inboxWork = new ArrayList<>();
    private final JwtDecoder decoder = mock(JwtDecoder.class);
    private final List<String> sentContents = new ArrayList<>();
    private final ClientSessions sessions;
    private final RoomSubscriptions subscriptions;
    private final StompInboundGuard guard;
    private final MessageChannel inbound = mock(MessageChannel.class);
    private final List<Runnable> presenceWork = new ArrayList<>();
    private final RecordingPresence presenceCalls = new RecordingPresence();
    private final ConnectionPresence presence = new ConnectionPresence(presenceCalls, presenceWork::add, System::nanoTime);
    private final WebSocketSession socket = outbound.socket("s1");
    /** The wait the connect rate limit answers with; null while connects are allowed. */
    private @Nullable Duration connectWait;
    private final List<UserId> admitted = new ArrayList<>();

    StompInboundGuardTest() {
        WebSocketProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("chat.ws.max-queued-frames", "3", "chat.ws.max-connections-per-user", "2"))).bindOrCreate("chat.ws", WebSocketProperties.class);
        sessions = new ClientSessions(outbound, properties, inboxWork::add, timer);
        subscriptions = new RoomSubscriptions(new FakeRoomWatches().room(ROOM, 0, UserId.of("alice")), Runnable::run,
                timer, Duration.ofMillis(200), 256, 100);
        var handler = new StompFrameHandler(sessions, subscriptions, command -> {
            sentContents.add(command.content().value());
            return new SendResult(new io.chatservice.domain.message.Message(
                    io.chatservice.domain.message.MessageId.of("m-1"), ROOM, 1, command.caller().id(), null,
                    command.clientMsgId(), MessageType.TEXT, command.content(), NOW, null, null, 1), false);
        }, command -> null, command -> null, command -> { }, command -> mock(UnreadStatus.class), null);
        guard = new StompInboundGuard(sessions, subscriptions, new StompAuthenticator(decoder,
                Clock.fixed(NOW, ZoneOffset.UTC)), command -> {
                    Duration wait = connectWait;
                    if (wait != null) {
                        throw new RateLimitedException("too many connects", wait);
                    }
                    admitted.add(command.caller().id());
                }, handler, presence, timer, Clock.fixed(NOW, ZoneOffset.UTC));
        sessions.opened(socket);
    }

    private static Message<byte[]> frame(StompCommand command, @Nullable String destination, String body,
            String... nativeHeaders) {
        // As decoded from the wire: the native headers are the source of destination, id and receipt.
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        if (destination != null) {
            headers.put("destination", List.of(destination));
        }
        for (int i = 0; i < nativeHeaders.length; i += 2) {
            headers.put(nativeHeaders[i], List.of(nativeHeaders[i + 1]));
        }
        StompHeaderAccessor frame = StompHeaderAccessor.create(command, headers);
        frame.setSessionId("s1");
        frame.setLeaveMutable(true);
        return MessageBuilder.createMessage(body.getBytes(StandardCharsets.UTF_8), frame.getMessageHeaders());
    }

    private Message<byte[]> connected() {
        when(decoder.decode("good")).thenReturn(Jwt.withTokenValue("good").header("alg", "HS256").subject("alice")
                .claim("name", "Alice").issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plusSeconds(60)).build());
        Message<byte[]> connect = frame(StompCommand.CONNECT, null, "", "Authorization", "Bearer good");
        assertThat(guard.preSend(connect, inbound)).isSameAs(connect);
        sessions.get("s1").outbox().open();
        return connect;
    }

    private List<String> presenceCallsMade() {
        while (!presenceWork.isEmpty()) {
            presenceWork.removeFirst().run();
        }
        return presenceCalls.calls();
    }

    /** What the container reports when the socket closes, however it closed, through the adapter's decorator. */
    private void socketClosed() throws Exception {
        new StompConnectionDecorator(sessions, subscriptions, presence, 1024).decorate(mock(WebSocketHandler.class))
                .afterConnectionClosed(socket, CloseStatus.NORMAL);
    }

    /** Runs the queued frame work, and then the writes it queued. */
    private void runInbox() {
        while (!inboxWork.isEmpty()) {
            List<Runnable> work = List.copyOf(inboxWork);
            inboxWork.clear();
            work.forEach(Runnable::run);
        }
    }

    @Test
    void aValidConnectSetsTheSessionUserAndTheCaller() {
        Message<byte[]> connect = connected();

        StompHeaderAccessor accessor = StompHeaderAccessor.getAccessor(connect, StompHeaderAccessor.class);
        assertThat(accessor.getUser()).isEqualTo(new StompPrincipal(new Caller(UserId.of("alice"), "Alice")));
        assertThat(accessor.getUser().getName()).isEqualTo("alice");
        assertThat(sessions.get("s1").caller()).isEqualTo(new Caller(UserId.of("alice"), "Alice"));
    }

    @Test
    void aConnectWithABadTokenIsRefusedAndTheSessionStaysUnauthenticated() {
        when(decoder.decode("bad")).thenThrow(new BadJwtException("bad"));

        assertThatThrownBy(() -> guard.preSend(
                frame(StompCommand.CONNECT, null, "", "Authorization", "Bearer bad"), inbound))
                .isInstanceOfSatisfying(StompConnectionRefusedException.class,
                        refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(sessions.get("s1").caller()).isNull();
        assertThatThrownBy(() -> guard.preSend(frame(StompCommand.SEND, "/app/rooms/r-1/messages", "{}"), inbound))
                .isSameAs(StompConnectionRefusedException.NOT_CONNECTED);
        assertThatThrownBy(() -> guard.preSend(frame(StompCommand.SUBSCRIBE, "/topic/rooms/r-1", "", "id", "a"),
                inbound)).isSameAs(StompConnectionRefusedException.NOT_CONNECTED);
        assertThat(inboxWork).isEmpty();
    }

    @Test
    void aConnectPastTheUsersConnectionsIsRefusedUntilOneCloses() {
        sessions.opened(socketWithId("s2"));
        sessions.opened(socketWithId("s3"));
        assertThat(sessions.admit("s2", UserId.of("alice"))).isTrue();
        assertThat(sessions.admit("s3", UserId.of("alice"))).isTrue();

        assertThatThrownBy(this::connected)
                .isInstanceOfSatisfying(StompConnectionRefusedException.class,
                        refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS));
        assertThat(sessions.get("s1").caller()).isNull();
        assertThat(presenceCallsMade()).isEmpty();
        assertThat(sessions.connectionsOf(UserId.of("alice"))).isEqualTo(2);

        sessions.closed("s2");
        connected();

        assertThat(sessions.get("s1").caller()).isEqualTo(new Caller(UserId.of("alice"), "Alice"));
        assertThat(sessions.connectionsOf(UserId.of("alice"))).isEqualTo(2);
    }

    @Test
    void aConnectRefusedForTooManyConnectionsSpendsNoConnectAllowance() {
        sessions.opened(socketWithId("s2"));
        sessions.opened(socketWithId("s3"));
        sessions.admit("s2", UserId.of("alice"));
        sessions.admit("s3", UserId.of("alice"));

        assertThatThrownBy(this::connected)
                .isInstanceOfSatisfying(StompConnectionRefusedException.class,
                        refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS));

        assertThat(admitted).isEmpty();
    }

    @Test
    void aConnectPastTheUsersConnectRateIsRefusedWithTheWaitAndCountsNothing() {
        connectWait = Duration.ofMillis(4_500);

        assertThatThrownBy(this::connected)
                .isInstanceOfSatisfying(StompConnectionRefusedException.class, refused -> {
                    assertThat(refused.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(refused.error().retryAfterMs()).isEqualTo(4_500L);
                });
        assertThat(sessions.get("s1").caller()).isNull();
        assertThat(sessions.connectionsOf(UserId.of("alice"))).isZero();
        assertThat(presenceCallsMade()).isEmpty();

        connectWait = null;
        connected();
        assertThat(admitted).containsExactly(UserId.of("alice"));
    }

    @Test
    void aSessionThatClosedWhileBeingAdmittedIsNotCounted() {
        sessions.admit("already-closed", UserId.of("alice"));

        assertThat(sessions.connectionsOf(UserId.of("alice"))).isZero();
    }

    @Test
    void aClosedConnectionNoLongerCountsForItsUser() throws Exception {
        connected();
        assertThat(sessions.connectionsOf(UserId.of("alice"))).isEqualTo(1);

        socketClosed();

        assertThat(sessions.connectionsOf(UserId.of("alice"))).isZero();
    }

    @Test
    void otherUsersHaveConnectionsOfTheirOwn() {
        assertThat(sessions.admit("b1", UserId.of("bob"))).isTrue();
        assertThat(sessions.admit("b2", UserId.of("bob"))).isTrue();

        connected();

        assertThat(sessions.get("s1").caller()).isNotNull();
    }

    private WebSocketSession socketWithId(String id) {
        WebSocketSession other = mock(WebSocketSession.class);
        when(other.getId()).thenReturn(id);
        return other;
    }

    @Test
    void aSendToAppIsQueuedAndPassedOnForHeartBeatAccountingWhileOtherSendsAreStopped() {
        connected();
        Message<byte[]> toApp = frame(StompCommand.SEND, "/app/rooms/r-1/messages",
                "{\"clientMsgId\":\"c\",\"content\":\"hi\"}");
        Message<byte[]> toTopic = frame(StompCommand.SEND, "/topic/rooms/r-1", "{}");

        assertThat(guard.preSend(toApp, inbound)).isSameAs(toApp);
        assertThat(guard.preSend(toTopic, inbound)).isNull();
        runInbox();

        assertThat(sentContents).containsExactly("hi");
    }

    @Test
    void subscriptionsNeverReachTheBroker() {
        connected();

        assertThat(guard.preSend(frame(StompCommand.SUBSCRIBE, "/topic/rooms/r-1", "", "id", "a", "receipt", "r"),
                inbound)).isNull();
        assertThat(guard.preSend(frame(StompCommand.SUBSCRIBE, "/queue/anything", "", "id", "b"), inbound)).isNull();
        assertThat(guard.preSend(frame(StompCommand.UNSUBSCRIBE, null, "", "id", "a"), inbound)).isNull();
        runInbox();

        assertThat(outbound.frames()).extracting(frame -> frame.headers().getReceiptId()).containsExactly("r");
    }

    @Test
    void aClientThatQueuesMoreFramesThanAllowedIsRefused() {
        connected();
        for (int i = 0; i < 3; i++) {
            guard.preSend(frame(StompCommand.SEND, "/app/rooms/r-1/typing", "{\"typing\":true}"), inbound);
        }

        assertThatThrownBy(() -> guard.preSend(frame(StompCommand.SEND, "/app/rooms/r-1/typing", "{}"), inbound))
                .isInstanceOfSatisfying(StompConnectionRefusedException.class,
                        refused -> assertThat(refused.error().code()).isEqualTo(ErrorCode.RATE_LIMITED));
    }

    @Test
    void onceShutdownBeganACONNECTIsRefused() {
        when(decoder.decode("good")).thenReturn(Jwt.withTokenValue("good").header("alg", "HS256").subject("alice")
                .issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plusSeconds(60)).build());
        sessions.startRefusing();

        assertThatThrownBy(() -> guard.preSend(
                frame(StompCommand.CONNECT, null, "", "Authorization", "Bearer good"), inbound))
                .isSameAs(StompConnectionRefusedException.SHUTTING_DOWN);
        assertThat(sessions.get("s1").caller()).isNull();
        assertThat(presenceCallsMade()).isEmpty();
    }

    @Test
    void framesThatArriveBeforeShutdownAreProcessedAndThoseAfterAreAnsweredInTurnWithoutBeingProcessed() {
        connected();
        guard.preSend(frame(StompCommand.SUBSCRIBE, "/user/queue/errors", "", "id", "e"), inbound);
        guard.preSend(frame(StompCommand.SEND, "/app/rooms/r-1/messages",
                "{\"clientMsgId\":\"c-1\",\"content\":\"before\"}"), inbound);

        sessions.startRefusing();
        guard.preSend(frame(StompCommand.SEND, "/app/rooms/r-1/messages",
                "{\"clientMsgId\":\"c-2\",\"content\":\"after\"}"), inbound);
        runInbox();
        guard.preSend(frame(StompCommand.SUBSCRIBE, "/topic/rooms/r-1", "", "id", "a", "receipt", "r"), inbound);
        runInbox();

        assertThat(sentContents).containsExactly("before");
        assertThat(outbound.frames()).extracting(frame -> frame.body()).containsExactly(
                "{\"clientMsgId\":\"c-2\",\"code\":\"SERVER_SHUTTING_DOWN\",\"message\":\"this server is shutting"
                        + " down and did not process the frame; reconnect and send it again\",\"destination\":"
                        + "\"/app/rooms/r-1/messages\"}",
                "{\"code\":\"SERVER_SHUTTING_DOWN\",\"message\":\"this server is shutting down and did not process the"
                        + " frame; reconnect and send it again\",\"destination\":\"/topic/rooms/r-1\","
                        + "\"subscriptionId\":\"a\"}");
    }

    @Test
    void theSessionIsToldAndClosedWhenItsTokenExpires() {
        connected();

        timer.advance(Duration.ofSeconds(60));
        runInbox(); // the outbox's writer

        assertThat(outbound.frames()).singleElement().satisfies(frame -> {
            assertThat(frame.headers().getCommand()).isEqualTo(StompCommand.ERROR);
            assertThat(frame.headers().getMessage()).isEqualTo("UNAUTHORIZED");
            assertThat(frame.body()).isEqualTo("{\"code\":\"UNAUTHORIZED\",\"message\":"
                    + "\"the bearer token has expired; reconnect with a fresh one\"}");
        });
    }

    @Test
    void framesWithoutACommandPassUntouched() {
        Message<byte[]> heartbeat = MessageBuilder.createMessage(new byte[0],
                StompHeaderAccessor.createForHeartbeat().getMessageHeaders());

        assertThat(guard.preSend(heartbeat, inbound)).isSameAs(heartbeat);
    }

    @Test
    void theTokenIsTakenOffAnAcceptedConnect() {
        Message<byte[]> connect = connected();

        assertThat(StompHeaderAccessor.getAccessor(connect, StompHeaderAccessor.class).getNativeHeader("Authorization"))
                .isNull();
        assertThat(connect.toString()).doesNotContain("Bearer");
    }

    @Test
    void theTokenIsTakenOffARefusedConnectSoThatTheExceptionSpringLogsDoesNotCarryIt() {
        when(decoder.decode("secret-token")).thenThrow(new BadJwtException("bad"));
        Message<byte[]> connect = frame(StompCommand.CONNECT, null, "", "authorization", "Bearer secret-token");

        assertThatThrownBy(() -> guard.preSend(connect, inbound)).isInstanceOf(StompConnectionRefusedException.class);

        assertThat(new MessageDeliveryException(connect, "Failed to send message").toString())
                .contains("failedMessage").doesNotContain("secret-token");
    }

    @Test
    void aSecondConnectOnAnAuthenticatedSessionIsRefusedAndTheUserStays() {
        connected();
        when(decoder.decode("bobs")).thenReturn(Jwt.withTokenValue("bobs").header("alg", "HS256").subject("bob")
                .claim("name", "Bob").issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plusSeconds(3600)).build());
        Message<byte[]> again = frame(StompCommand.CONNECT, null, "", "Authorization", "Bearer bobs");

        assertThatThrownBy(() -> guard.preSend(again, inbound)).isSameAs(StompConnectionRefusedException.ALREADY_CONNECTED);

        assertThat(StompConnectionRefusedException.ALREADY_CONNECTED.error().code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(sessions.get("s1").caller()).isEqualTo(new Caller(UserId.of("alice"), "Alice"));
        assertThat(again.toString()).doesNotContain("Bearer");
    }

    @Test
    void anAcceptedConnectOpensTheConnectionsPresenceOffTheInboundThread() {
        connected();

        assertThat(presenceCalls.calls()).isEmpty();
        assertThat(presenceCallsMade()).containsExactly("opened alice s1");
    }

    @Test
    void aRefusedConnectOpensNoPresenceAndItsCloseClosesNone() throws Exception {
        when(decoder.decode("bad")).thenThrow(new BadJwtException("bad"));
        assertThatThrownBy(() -> guard.preSend(
                frame(StompCommand.CONNECT, null, "", "Authorization", "Bearer bad"), inbound))
                .isInstanceOf(StompConnectionRefusedException.class);

        socketClosed();

        assertThat(presenceCallsMade()).isEmpty();
    }

    @Test
    void theSocketClosingClosesThePresenceOnce() throws Exception {
        connected();
        presenceCallsMade();

        socketClosed();
        socketClosed();

        assertThat(presenceCallsMade()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void aDisconnectClosesThePresenceAtOnceAndTheSocketClosingAfterItDoesNotAgain() throws Exception {
        connected();
        presenceCallsMade();

        guard.preSend(frame(StompCommand.DISCONNECT, null, ""), inbound);
        assertThat(presenceCallsMade()).containsExactly("opened alice s1", "closed alice s1");
        runInbox();
        socketClosed();

        assertThat(presenceCallsMade()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void anExpiredTokenEndsThePresenceWhenItsSocketCloses() throws Exception {
        connected();
        timer.advance(Duration.ofSeconds(60));
        timer.advance(Duration.ofDays(1));
        runInbox();
        verify(socket).close(CloseStatus.POLICY_VIOLATION);

        socketClosed();

        assertThat(presenceCallsMade()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void aConnectionClosedBeforeItsOpenRanIsOpenedThenClosed() throws Exception {
        connected();
        socketClosed();

        assertThat(presenceCallsMade()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void aPresenceFailureDoesNotAffectTheConnection() {
        presenceCalls.failing = true;
        connected();
        presenceCallsMade();

        guard.preSend(frame(StompCommand.SUBSCRIBE, "/topic/rooms/r-1/presence", "", "id", "p", "receipt", "r"),
                inbound);
        runInbox();

        assertThat(sessions.get("s1").isClosed()).isFalse();
        assertThat(outbound.frames()).extracting(frame -> frame.headers().getReceiptId()).containsExactly("r");
    }
}
