package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.application.port.in.TypingCommand;
import io.chatservice.application.port.in.UnreadStatus;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.socket.WebSocketSession;

class StompFrameHandlerTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final RoomId ROOM = RoomId.of("r-1");
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final RecordingChannel outbound = new RecordingChannel(true);
    private final FakeRoomWatches watches = new FakeRoomWatches().room(ROOM, 3, ALICE);
    private final List<SendMessageCommand> sent = new ArrayList<>();
    private final List<TypingCommand> typed = new ArrayList<>();
    private final List<MarkReadCommand> marked = new ArrayList<>();
    private final AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> typingFailure = new AtomicReference<>();
    private final AtomicReference<Message> existing = new AtomicReference<>();
    private final ClientSessions sessions;
    private final RoomSubscriptions subscriptions;
    private final StompFrameHandler handler;
    private final ClientSession session;

    StompFrameHandlerTest() {
        WebSocketProperties properties = new Binder(new MapConfigurationPropertySource(
                java.util.Map.of("chat.ws.max-subscriptions-per-connection", "4")))
                .bindOrCreate("chat.ws", WebSocketProperties.class);
        sessions = new ClientSessions(outbound, properties, Runnable::run, new ManualTimer());
        subscriptions = new RoomSubscriptions(watches, Runnable::run, new ManualTimer(), Duration.ofMillis(200), 256,
                properties.maxSubscriptionsPerConnection());
        EditMessageUseCase edit = command -> edited(command.messageId(), command.content(), 9);
        DeleteMessageUseCase delete = command -> deleted(command.messageId(), 10);
        handler = new StompFrameHandler(sessions, subscriptions, command -> {
            sent.add(command);
            if (sendFailure.get() != null) {
                throw sendFailure.get();
            }
            Message previous = existing.get();
            return previous != null ? new SendResult(previous, true)
                    : new SendResult(message(command.clientMsgId(), command.content(), 7, 7), false);
        }, edit, delete, command -> {
            typed.add(command);
            if (typingFailure.get() != null) {
                throw typingFailure.get();
            }
        }, command -> {
            marked.add(command);
            return mock(UnreadStatus.class);
        }, null);
        session = sessions.opened(outbound.socket("s1"));
        Caller caller = new Caller(ALICE, "Alice");
        session.connected(caller, () -> { });
        subscriptions.openSession("s1", caller, session);
        session.outbox().open();
    }

    private static Message message(ClientMsgId clientMsgId, MessageContent content, long seq, long lastEventSeq) {
        return new Message(MessageId.of("m-" + seq), ROOM, seq, ALICE, "Alice", clientMsgId, MessageType.TEXT, content,
                NOW, null, null, lastEventSeq);
    }

    private static Message edited(MessageId id, MessageContent content, long lastEventSeq) {
        return new Message(id, ROOM, 7, ALICE, "Alice", ClientMsgId.of("c-1"), MessageType.TEXT, content, NOW, NOW,
                null, lastEventSeq);
    }

    private static Message deleted(MessageId id, long lastEventSeq) {
        return new Message(id, ROOM, 7, ALICE, "Alice", ClientMsgId.of("c-1"), MessageType.TEXT, null, NOW, null,
                NOW, lastEventSeq);
    }

    private void subscribeQueues() {
        handler.subscribe(session, "acks", "/user/queue/acks", null);
        handler.subscribe(session, "errors", "/user/queue/errors", null);
    }

    private void send(String destination, @Nullable String receipt, String body) {
        handler.send(session, destination, receipt, body.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> described() {
        return outbound.frames().stream().map(frame -> switch (frame.headers().getCommand()) {
            case MESSAGE -> frame.destination() + " [" + frame.subscription() + "] " + frame.body();
            case RECEIPT -> "RECEIPT " + frame.headers().getReceiptId();
            default -> frame.headers().getCommand() + " " + frame.body();
        }).toList();
    }

    @Test
    void aSendIsAckedAfterTheUseCaseReturnedThenReceipted() {
        subscribeQueues();

        send("/app/rooms/r-1/messages", "rcpt-1",
                "{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"senderId\":\"mallory\"}");

        assertThat(sent).singleElement().satisfies(command -> {
            assertThat(command.caller().id()).isEqualTo(ALICE);
            assertThat(command.content().value()).isEqualTo("hi");
        });
        assertThat(described()).containsExactly(
                "/user/queue/acks [acks] {\"clientMsgId\":\"c-1\",\"messageId\":\"m-7\",\"seq\":7,\"status\":\"ACCEPTED\"}",
                "RECEIPT rcpt-1");
        assertThat(outbound.frames().getFirst().headers().getContentType().toString()).isEqualTo("application/json");
    }

    @Test
    void aRepeatedClientMsgIdIsAckedAsDuplicateWithTheOriginalMessage() {
        subscribeQueues();
        existing.set(message(ClientMsgId.of("c-1"), MessageContent.of("first"), 5, 6));

        send("/app/rooms/r-1/messages", null, "{\"clientMsgId\":\"c-1\",\"content\":\"again\"}");

        assertThat(described()).containsExactly(
                "/user/queue/acks [acks] {\"clientMsgId\":\"c-1\",\"messageId\":\"m-5\",\"seq\":5,\"status\":\"DUPLICATE\"}");
    }

    @Test
    void editAndDeleteAckWithTheEventsSeqAndTheOptionalClientMsgId() {
        subscribeQueues();

        send("/app/rooms/r-1/messages/m-7/edit", null, "{\"content\":\"new\",\"clientMsgId\":\"c-9\"}");
        send("/app/rooms/r-1/messages/m-7/delete", "d", "");

        assertThat(described()).containsExactly(
                "/user/queue/acks [acks] {\"clientMsgId\":\"c-9\",\"messageId\":\"m-7\",\"seq\":9,\"status\":\"ACCEPTED\"}",
                "/user/queue/acks [acks] {\"clientMsgId\":null,\"messageId\":\"m-7\",\"seq\":10,\"status\":\"ACCEPTED\"}",
                "RECEIPT d");
    }

    @Test
    void whileTypingCannotBeBroadcastOnlyTheFirstSignalIsAnsweredUntilOneGoesThroughAgain() {
        subscribeQueues();
        String unavailable = "/user/queue/errors [errors] {\"code\":\"UNAVAILABLE\",\"message\":\"live delivery is"
                + " unavailable right now; try again shortly\",\"destination\":\"/app/rooms/r-1/typing\"}";
        typingFailure.set(new RealtimeUnavailableException("Redis is down", null));

        send("/app/rooms/r-1/typing", null, "{\"typing\":true}");
        send("/app/rooms/r-1/typing", null, "{\"typing\":true}");
        send("/app/rooms/r-1/typing", null, "{\"typing\":false}");
        assertThat(described()).containsExactly(unavailable);

        // A client that asked for a receipt waits for an answer: it always gets one.
        send("/app/rooms/r-1/typing", "t-1", "{\"typing\":true}");
        assertThat(described()).containsExactly(unavailable, unavailable);

        typingFailure.set(null);
        send("/app/rooms/r-1/typing", "t-2", "{\"typing\":true}");
        typingFailure.set(new RealtimeUnavailableException("Redis is down again", null));
        send("/app/rooms/r-1/typing", null, "{\"typing\":true}");
        send("/app/rooms/r-1/typing", null, "{\"typing\":true}");

        assertThat(described()).containsExactly(unavailable, unavailable, "RECEIPT t-2", unavailable);
        assertThat(typed).hasSize(7);
    }

    @Test
    void aFrameRefusedDuringShutdownIsAnsweredWithItsClientMsgIdAndNothingElseHappens() {
        subscribeQueues();

        handler.refuseShuttingDown(session, "SEND",
                "{\"clientMsgId\":\"c-9\",\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8),
                "/app/rooms/r-1/messages", null);
        handler.refuseShuttingDown(session, "SUBSCRIBE", null, "/topic/rooms/r-1", "sub-1");

        assertThat(sent).isEmpty();
        assertThat(described()).containsExactly(
                "/user/queue/errors [errors] {\"clientMsgId\":\"c-9\",\"code\":\"SERVER_SHUTTING_DOWN\",\"message\":"
                        + "\"this server is shutting down and did not process the frame; reconnect and send it again\","
                        + "\"destination\":\"/app/rooms/r-1/messages\"}",
                "/user/queue/errors [errors] {\"code\":\"SERVER_SHUTTING_DOWN\",\"message\":"
                        + "\"this server is shutting down and did not process the frame; reconnect and send it again\","
                        + "\"destination\":\"/topic/rooms/r-1\",\"subscriptionId\":\"sub-1\"}");
    }

    @Test
    void typingAndReadMarkersAreNotAckedButReceipted() {
        subscribeQueues();

        send("/app/rooms/r-1/typing", "t", "{\"typing\":true}");
        send("/app/rooms/r-1/read", "r", "{\"lastReadMessageId\":\"m-7\"}");

        assertThat(typed).singleElement().satisfies(command -> assertThat(command.typing()).isTrue());
        assertThat(marked).singleElement()
                .satisfies(command -> assertThat(command.lastReadMessageId().value()).isEqualTo("m-7"));
        assertThat(described()).containsExactly("RECEIPT t", "RECEIPT r");
    }

    @Test
    void invalidJsonIsAnErrorWithoutReceiptAndNothingIsSent() {
        subscribeQueues();

        send("/app/rooms/r-1/messages", "rcpt", "{\"clientMsgId\":\"c-1\",");

        assertThat(sent).isEmpty();
        assertThat(described()).containsExactly("/user/queue/errors [errors] {\"code\":\"VALIDATION_FAILED\","
                + "\"message\":\"the body is not well-formed JSON\",\"destination\":\"/app/rooms/r-1/messages\"}");
    }

    @Test
    void anInvalidFieldIsAnErrorCarryingTheClientMsgId() {
        subscribeQueues();

        send("/app/rooms/r-1/messages", "rcpt", "{\"clientMsgId\":\"c-1\",\"content\":42}");

        assertThat(sent).isEmpty();
        assertThat(described()).containsExactly("/user/queue/errors [errors] {\"clientMsgId\":\"c-1\","
                + "\"code\":\"VALIDATION_FAILED\",\"message\":\"content must be a JSON string\","
                + "\"destination\":\"/app/rooms/r-1/messages\"}");
    }

    @Test
    void useCaseRefusalsAreAnsweredWithTheirCodes() {
        subscribeQueues();

        sendFailure.set(new PermissionDeniedException("not a member of this room"));
        send("/app/rooms/r-1/messages", "rcpt", "{\"clientMsgId\":\"c-1\",\"content\":\"hi\"}");
        sendFailure.set(new ConflictException("the message was deleted"));
        send("/app/rooms/r-1/messages", null, "{\"clientMsgId\":\"c-2\",\"content\":\"hi\"}");
        sendFailure.set(new IllegalStateException("connection to jdbc:postgresql://db lost"));
        send("/app/rooms/r-1/messages", null, "{\"clientMsgId\":\"c-3\",\"content\":\"hi\"}");

        assertThat(described()).containsExactly(
                "/user/queue/errors [errors] {\"clientMsgId\":\"c-1\",\"code\":\"FORBIDDEN\","
                        + "\"message\":\"not a member of this room\",\"destination\":\"/app/rooms/r-1/messages\"}",
                "/user/queue/errors [errors] {\"clientMsgId\":\"c-2\",\"code\":\"CONFLICT\","
                        + "\"message\":\"the message was deleted\",\"destination\":\"/app/rooms/r-1/messages\"}",
                "/user/queue/errors [errors] {\"clientMsgId\":\"c-3\",\"code\":\"INTERNAL_ERROR\","
                        + "\"message\":\"an unexpected error occurred\",\"destination\":\"/app/rooms/r-1/messages\"}");
    }

    @Test
    void sendsFailingOnAnUnreachableDatabaseAreAnsweredUnavailableAndWarnedOnceNotPerFrame() {
        subscribeQueues();
        sendFailure.set(new IllegalStateException("Unable to acquire JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001")));
        Logger logger = (Logger) LoggerFactory.getLogger(StompFrameHandler.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int i = 1; i <= 3; i++) {
                send("/app/rooms/r-1/messages", null, "{\"clientMsgId\":\"c-" + i + "\",\"content\":\"hi\"}");
            }

            assertThat(described()).hasSize(3).allSatisfy(reply -> assertThat(reply).contains("\"code\":\"UNAVAILABLE\""));
            assertThat(logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage))
                    .singleElement().asString().startsWith("Database unavailable handling a SEND of session s1")
                    .contains("0 more like it not logged");
            assertThat(logged.list).noneMatch(event -> event.getLevel() == Level.ERROR);
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aRateLimitedSendIsAnsweredWithTheWaitAndNoReceipt() {
        subscribeQueues();

        sendFailure.set(new RateLimitedException(
                "too many", Duration.ofMillis(250)));
        send("/app/rooms/r-1/messages", "rcpt", "{\"clientMsgId\":\"c-1\",\"content\":\"hi\"}");

        assertThat(described()).containsExactly("/user/queue/errors [errors] {\"clientMsgId\":\"c-1\","
                + "\"code\":\"RATE_LIMITED\",\"message\":\"too many messages sent or edited; wait retryAfterMs, then"
                + " send again with the same clientMsgId\",\"retryAfterMs\":250,"
                + "\"destination\":\"/app/rooms/r-1/messages\"}");
    }

    @Test
    void aSendOutsideAppIsForbiddenAndNothingIsForwarded() {
        subscribeQueues();
        handler.subscribe(session, "events", "/topic/rooms/r-1", null);

        send("/topic/rooms/r-1", "rcpt", "{\"type\":\"MESSAGE_SENT\",\"clientMsgId\":\"c-1\"}");

        assertThat(described()).containsExactly("/user/queue/errors [errors] {\"clientMsgId\":\"c-1\","
                + "\"code\":\"FORBIDDEN\",\"message\":\"clients may only SEND to /app destinations\","
                + "\"destination\":\"/topic/rooms/r-1\"}");
    }

    @Test
    void withoutAnErrorsSubscriptionAFailureIsDropped() {
        send("/app/rooms/r-1/messages", "rcpt", "not json");

        assertThat(outbound.messages()).isEmpty();
    }

    @Test
    void aRoomSubscriptionIsReceiptedOnceLiveAndThenReceivesTheRoom() {
        handler.subscribe(session, "events", "/topic/rooms/r-1", "sub-receipt");
        subscriptions.deliver(new RoomBroadcast(ROOM, RoomBroadcast.Kind.ROOM_EVENT, 4, null, "{\"seq\":4}"));

        assertThat(described()).containsExactly("RECEIPT sub-receipt", "/topic/rooms/r-1 [events] {\"seq\":4}");
        assertThat(watches.outstanding(ROOM)).isOne();
    }

    @Test
    void aClosedSessionGetsNoRoomEventsWhileItsSubscriptionsAreStillBeingEnded() {
        handler.subscribe(session, "events", "/topic/rooms/r-1", null);
        subscriptions.deliver(new RoomBroadcast(ROOM, RoomBroadcast.Kind.ROOM_EVENT, 4, null, "{\"seq\":4}"));

        // The socket closed; the room subscription still holds the session until closeSession runs.
        sessions.closed("s1");
        subscriptions.deliver(new RoomBroadcast(ROOM, RoomBroadcast.Kind.ROOM_EVENT, 5, null, "{\"seq\":5}"));

        assertThat(described()).containsExactly("/topic/rooms/r-1 [events] {\"seq\":4}");
    }

    @Test
    void refusedSubscriptionsAreAnsweredWithTheSubscriptionIdAndDestinationAndNoReceipt() {
        handler.subscribe(session, "errors", "/user/queue/errors", null);

        handler.subscribe(session, "a", "/topic/rooms/elsewhere", "x");
        handler.subscribe(session, "b", "/topic/nothing", "x");
        handler.subscribe(session, "errors", "/user/queue/acks", "x");
        handler.subscribe(session, null, "/user/queue/acks", "x");
        handler.subscribe(session, "c", "/topic/rooms/", "x");

        assertThat(described()).containsExactly(
                "/user/queue/errors [errors] {\"code\":\"NOT_FOUND\",\"message\":\"room not found\","
                        + "\"destination\":\"/topic/rooms/elsewhere\",\"subscriptionId\":\"a\"}",
                "/user/queue/errors [errors] {\"code\":\"NOT_FOUND\",\"message\":\"there is no such destination to "
                        + "subscribe to\",\"destination\":\"/topic/nothing\",\"subscriptionId\":\"b\"}",
                "/user/queue/errors [errors] {\"code\":\"VALIDATION_FAILED\",\"message\":\"the subscription id is "
                        + "already in use on this connection\",\"destination\":\"/user/queue/acks\","
                        + "\"subscriptionId\":\"errors\"}",
                "/user/queue/errors [errors] {\"code\":\"VALIDATION_FAILED\",\"message\":\"SUBSCRIBE needs an id "
                        + "header\",\"destination\":\"/user/queue/acks\"}",
                "/user/queue/errors [errors] {\"code\":\"VALIDATION_FAILED\",\"message\":\"room id must not be empty "
                        + "or blank\",\"destination\":\"/topic/rooms/\",\"subscriptionId\":\"c\"}");
        assertThat(watches.outstanding(ROOM)).isZero();
    }

    @Test
    void aNonMemberIsForbidden() {
        FakeRoomWatches strangers = watches.room(RoomId.of("private"), 0);
        handler.subscribe(session, "errors", "/user/queue/errors", null);

        handler.subscribe(session, "p", "/topic/rooms/private/typing", "x");

        assertThat(described()).containsExactly("/user/queue/errors [errors] {\"code\":\"FORBIDDEN\",\"message\":"
                + "\"not a member of this room\",\"destination\":\"/topic/rooms/private/typing\",\"subscriptionId\":\"p\"}");
        assertThat(strangers.outstanding(RoomId.of("private"))).isZero();
    }

    @Test
    void unsubscribeEndsTheWatchAndIsReceipted() {
        handler.subscribe(session, "events", "/topic/rooms/r-1", null);

        handler.unsubscribe(session, "events", "u");

        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(described()).containsExactly("RECEIPT u");
    }

    @Test
    void aSubscribePastTheConnectionsLimitIsRateLimitedAndWatchesNothing() {
        handler.subscribe(session, "errors", "/user/queue/errors", null);
        handler.subscribe(session, "acks", "/user/queue/acks", null);
        handler.subscribe(session, "events", "/topic/rooms/r-1", null);
        handler.subscribe(session, "typing", "/topic/rooms/r-1/typing", null);
        int before = outbound.messages().size();

        handler.subscribe(session, "presence", "/topic/rooms/r-1/presence", "x");
        handler.subscribe(session, "more-acks", "/user/queue/acks", "y");

        assertThat(described().subList(before, described().size())).containsExactly(
                "/user/queue/errors [errors] {\"code\":\"RATE_LIMITED\",\"message\":\"this connection has as many "
                        + "subscriptions as it may have; unsubscribe first\",\"destination\":"
                        + "\"/topic/rooms/r-1/presence\",\"subscriptionId\":\"presence\"}",
                "/user/queue/errors [errors] {\"code\":\"RATE_LIMITED\",\"message\":\"this connection has as many "
                        + "subscriptions as it may have; unsubscribe first\",\"destination\":\"/user/queue/acks\","
                        + "\"subscriptionId\":\"more-acks\"}");
        assertThat(watches.outstanding(ROOM)).isEqualTo(2);

        handler.unsubscribe(session, "typing", null);
        handler.subscribe(session, "presence", "/topic/rooms/r-1/presence", "z");
        assertThat(described().getLast()).isEqualTo("RECEIPT z");
        assertThat(watches.outstanding(ROOM)).isEqualTo(2);
    }
}
