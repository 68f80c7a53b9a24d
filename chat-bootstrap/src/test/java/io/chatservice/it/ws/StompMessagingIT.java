package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;

/**
 * SEND over STOMP does what REST does: the same use cases, the same stored message. The sender gets an ack
 * (and a RECEIPT when asked) after commit, every subscriber gets the room event, a repeated clientMsgId is
 * acknowledged as a DUPLICATE of the original, and a bad SEND gets an error carrying its clientMsgId while
 * nothing is saved and the connection goes on.
 */
class StompMessagingIT extends StompIntegrationTest {

    @Test
    void sendIsAcknowledgedAfterCommitAndEverySubscriberGetsTheEvent() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));
        long seqBefore = alice.lastSeq(roomId);

        StompConnection.Receipt receipt = alices.sendMessage(roomId, "c-1", "hello over STOMP");
        receipt.await();
        // The RECEIPT comes after commit: history already has the message.
        JsonNode stored = messageWithClientMsgId(alice, roomId, "c-1");

        ReceivedFrame ack = alices.ack("c-1");
        assertThat(fieldNames(ack.json())).containsExactlyInAnyOrder("clientMsgId", "messageId", "seq", "status");
        assertThat(ack.field("status")).isEqualTo("ACCEPTED");
        assertThat(ack.field("messageId")).isEqualTo(stored.path("messageId").stringValue());
        assertThat(ack.seq()).isEqualTo(stored.path("seq").longValue()).isEqualTo(seqBefore + 1);

        ReceivedFrame bobsEvent = bobs.event(roomId, "MESSAGE_SENT", ack.messageId());
        ReceivedFrame alicesEvent = alices.event(roomId, "MESSAGE_SENT", ack.messageId());
        assertThat(fieldNames(bobsEvent.json())).containsExactly("type", "roomId", "seq", "occurredAt", "message");
        assertThat(bobsEvent.field("roomId")).isEqualTo(roomId);
        assertThat(bobsEvent.seq()).isEqualTo(ack.seq());
        assertThat(Instant.parse(bobsEvent.field("occurredAt"))).isNotNull();
        assertSameMessage(bobsEvent.json().path("message"), stored);
        assertThat(alicesEvent.text()).as("every subscriber gets the same bytes").isEqualTo(bobsEvent.text());
        // The ack went to the sender only: bob's own later ack is the only one he has.
        bobs.sendAndAwaitAck(roomId, "c-bob", "mine");
        assertThat(bobs.pending(StompConnection.ACKS)).isEmpty();
    }

    @Test
    void theAckAloneAlsoComesAfterCommit() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);

        alices.send(Destinations.messages(roomId), StompConnection.message("c-no-receipt", "no receipt asked"));
        ReceivedFrame ack = alices.ack("c-no-receipt");

        assertThat(messageWithClientMsgId(alice, roomId, "c-no-receipt").path("messageId").stringValue())
                .isEqualTo(ack.messageId());
    }

    @Test
    void editAndDeleteAreAcknowledgedAndBroadcastInSeqOrder() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));

        ReceivedFrame sent = alices.sendAndAwaitAck(roomId, "c-1", "first draft");
        String messageId = sent.messageId();

        StompConnection.Receipt edited = alices.sendWithReceipt(Destinations.edit(roomId, messageId),
                Map.of("content", "second draft", "clientMsgId", "e-1"));
        ReceivedFrame editAck = alices.ack("e-1");
        edited.await();
        assertThat(editAck.field("status")).isEqualTo("ACCEPTED");
        assertThat(editAck.messageId()).isEqualTo(messageId);
        assertThat(editAck.seq()).isEqualTo(sent.seq() + 1);

        StompConnection.Receipt deleted = alices.sendWithReceipt(Destinations.delete(roomId, messageId), Map.of());
        ReceivedFrame deleteAck = alices.next(StompConnection.ACKS,
                frame -> messageId.equals(frame.messageId()) && frame.json().path("clientMsgId").isNull(),
                "the delete's ack, without clientMsgId");
        deleted.await();
        assertThat(deleteAck.field("status")).isEqualTo("ACCEPTED");
        assertThat(deleteAck.seq()).isEqualTo(sent.seq() + 2);

        List<ReceivedFrame> events = bobs.next(Destinations.room(roomId), 3, StompConnection.TIMEOUT);
        assertThat(events).extracting(frame -> frame.field("type"))
                .containsExactly("MESSAGE_SENT", "MESSAGE_EDITED", "MESSAGE_DELETED");
        assertThat(events).extracting(ReceivedFrame::seq)
                .containsExactly(sent.seq(), sent.seq() + 1, sent.seq() + 2);
        JsonNode editedMessage = events.get(1).json().path("message");
        assertThat(editedMessage.path("content").stringValue()).isEqualTo("second draft");
        assertThat(editedMessage.path("editedAt").isString()).isTrue();
        assertThat(editedMessage.path("seq").longValue()).isEqualTo(sent.seq());
        assertThat(editedMessage.path("lastEventSeq").longValue()).isEqualTo(sent.seq() + 1);
        JsonNode tombstone = events.get(2).json().path("message");
        assertThat(tombstone.path("deleted").booleanValue()).isTrue();
        assertThat(tombstone.path("content").isNull()).isTrue();
        assertThat(tombstone.path("lastEventSeq").longValue()).isEqualTo(sent.seq() + 2);
        assertSameMessage(tombstone, alice.message(roomId, messageId));
    }

    @Test
    void aRepeatedClientMsgIdIsAcknowledgedAsDuplicateOfTheOriginalAndStoredOnce() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));

        ReceivedFrame original = alices.sendAndAwaitAck(roomId, "c-dup", "once");
        StompConnection.Receipt again = alices.sendMessage(roomId, "c-dup", "once, resent after a reconnect");
        ReceivedFrame duplicate = alices.ack("c-dup");
        again.await();

        assertThat(original.field("status")).isEqualTo("ACCEPTED");
        assertThat(duplicate.field("status")).isEqualTo("DUPLICATE");
        assertThat(duplicate.messageId()).isEqualTo(original.messageId());
        assertThat(duplicate.seq()).isEqualTo(original.seq());
        ReceivedFrame next = alices.sendAndAwaitAck(roomId, "c-next", "next");
        assertThat(next.seq()).as("the duplicate made no room event").isEqualTo(original.seq() + 1);
        List<ReceivedFrame> events = bobs.through(Destinations.room(roomId),
                frame -> next.messageId().equals(frame.messageId()), "the next message");
        assertThat(events).extracting(ReceivedFrame::messageId).containsExactly(original.messageId(), next.messageId());
        List<JsonNode> stored = alice.timeline(roomId).path("messages").valueStream()
                .filter(message -> "c-dup".equals(message.path("clientMsgId").stringValue()))
                .toList();
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().path("content").stringValue()).isEqualTo("once");
    }

    @Test
    void aSenderIdInThePayloadIsIgnored() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        Map<String, Object> body = new LinkedHashMap<>(StompConnection.message("c-spoof", "am I bob?"));
        body.put("senderId", bob.id());
        body.put("senderName", "Bob");

        alices.sendWithReceipt(Destinations.messages(roomId), body).await();
        ReceivedFrame ack = alices.ack("c-spoof");

        JsonNode stored = alice.message(roomId, ack.messageId());
        assertThat(stored.path("senderId").stringValue()).isEqualTo(alice.id());
        assertThat(stored.path("senderName").stringValue()).isEqualTo("alice");
    }

    @Test
    void contentOfExactlyTheLimitIsAccepted() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));
        String longest = "é".repeat(4000);

        ReceivedFrame ack = alices.sendAndAwaitAck(roomId, "c-long", longest);

        assertThat(alices.event(roomId, "MESSAGE_SENT", ack.messageId()).json().path("message").path("content")
                .stringValue()).isEqualTo(longest);
    }

    /** A room where every kind of bad SEND can be tried, and who tries it. */
    record Scene(ApiUser alice, ApiUser bob, ApiUser carol, ApiUser eve, String roomId, String bobsMessage,
            String alicesMessage, String deletedMessage) {
    }

    /** One bad SEND: who sends what where, and the error it must get. */
    record BadSend(String description, Function<Scene, ApiUser> sender, Function<Scene, String> destination,
            String body, String code, @Nullable String clientMsgId) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> badSends() {
        Function<Scene, ApiUser> alice = Scene::alice;
        Function<Scene, String> messages = scene -> Destinations.messages(scene.roomId());
        return Stream.of(
                new BadSend("invalid JSON", alice, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"SECRET-INPUT", "VALIDATION_FAILED", null),
                new BadSend("not JSON at all", alice, messages, "SECRET-INPUT", "VALIDATION_FAILED", null),
                new BadSend("a JSON array", alice, messages, "[\"SECRET-INPUT\"]", "VALIDATION_FAILED", null),
                new BadSend("content of the wrong type", alice, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":{\"text\":\"SECRET-INPUT\"}}", "VALIDATION_FAILED",
                        "c-bad"),
                new BadSend("empty content", alice, messages, "{\"clientMsgId\":\"c-bad\",\"content\":\"\"}",
                        "VALIDATION_FAILED", "c-bad"),
                new BadSend("blank content", alice, messages, "{\"clientMsgId\":\"c-bad\",\"content\":\" \\n \"}",
                        "VALIDATION_FAILED", "c-bad"),
                new BadSend("content of 4001 characters", alice, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"SECRET-INPUT" + "x".repeat(4001 - 12) + "\"}",
                        "VALIDATION_FAILED", "c-bad"),
                new BadSend("content with NUL", alice, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"a\\u0000b\"}", "VALIDATION_FAILED", "c-bad"),
                new BadSend("no clientMsgId", alice, messages, "{\"content\":\"hi\"}", "VALIDATION_FAILED", null),
                new BadSend("a clientMsgId of 65 characters", alice, messages,
                        "{\"clientMsgId\":\"" + "c".repeat(65) + "\",\"content\":\"hi\"}", "VALIDATION_FAILED", null),
                new BadSend("an unknown message type", alice, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"hi\",\"type\":\"SECRET-INPUT\"}", "VALIDATION_FAILED",
                        "c-bad"),
                new BadSend("a forged membership message", alice, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"hi\",\"type\":\"JOIN\"}", "VALIDATION_FAILED",
                        "c-bad"),
                new BadSend("a send by a non-member", Scene::eve, messages,
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"let me in\"}", "FORBIDDEN", "c-bad"),
                new BadSend("a send to a room that does not exist", alice,
                        scene -> Destinations.messages("no-such-room-" + scene.roomId()),
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"hello?\"}", "NOT_FOUND", "c-bad"),
                new BadSend("editing someone else's message", alice,
                        scene -> Destinations.edit(scene.roomId(), scene.bobsMessage()),
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"defaced\"}", "FORBIDDEN", "c-bad"),
                new BadSend("editing a deleted message", alice,
                        scene -> Destinations.edit(scene.roomId(), scene.deletedMessage()),
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"back from the dead\"}", "CONFLICT", "c-bad"),
                new BadSend("editing to empty content", alice,
                        scene -> Destinations.edit(scene.roomId(), scene.alicesMessage()),
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"\"}", "VALIDATION_FAILED", "c-bad"),
                new BadSend("editing a message that does not exist", alice,
                        scene -> Destinations.edit(scene.roomId(), "no-such-message"),
                        "{\"clientMsgId\":\"c-bad\",\"content\":\"x\"}", "NOT_FOUND", "c-bad"),
                new BadSend("deleting by neither author nor owner", Scene::carol,
                        scene -> Destinations.delete(scene.roomId(), scene.bobsMessage()),
                        "{\"clientMsgId\":\"c-bad\"}", "FORBIDDEN", "c-bad"),
                new BadSend("typing in a room of others", Scene::eve,
                        scene -> Destinations.sendTyping(scene.roomId()), "{\"typing\":true}", "FORBIDDEN", null),
                new BadSend("typing of the wrong type", alice,
                        scene -> Destinations.sendTyping(scene.roomId()), "{\"typing\":{\"a\":1}}",
                        "VALIDATION_FAILED", null),
                new BadSend("a read marker of a message that does not exist", alice,
                        scene -> Destinations.read(scene.roomId()), "{\"lastReadMessageId\":\"no-such-message\"}",
                        "NOT_FOUND", null),
                new BadSend("a SEND to an unknown application destination", alice,
                        scene -> "/app/rooms/" + scene.roomId() + "/secrets", "{\"clientMsgId\":\"c-bad\"}",
                        "NOT_FOUND", null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSends")
    void aBadSendGetsAnErrorSavesNothingAndTheConnectionGoesOn(BadSend bad) {
        Scene scene = scene();
        ApiUser sender = bad.sender().apply(scene);
        StompConnection connection = connect(sender);
        long seqBefore = scene.alice().lastSeq(scene.roomId());
        JsonNode timelineBefore = scene.alice().timeline(scene.roomId());

        connection.sendText(bad.destination().apply(scene), bad.body());

        ReceivedFrame error = connection.nextError();
        assertThat(error.field("code")).as("error %s", error).isEqualTo(bad.code());
        if (bad.clientMsgId() != null) {
            assertThat(error.field("clientMsgId")).isEqualTo(bad.clientMsgId());
        }
        assertThat(error.field("message")).isNotBlank()
                .doesNotContain("SECRET-INPUT", "Exception", "at org.", "io.chatservice", "SQL");
        // Nothing was saved: no room event happened, and the next message takes the very next seq.
        assertThat(scene.alice().timeline(scene.roomId())).isEqualTo(timelineBefore);
        assertThat(connection.isConnected()).isTrue();
        String ownRoom = sender == scene.eve() ? scene.eve().createRoomWith() : scene.roomId();
        ReceivedFrame ack = connection.sendAndAwaitAck(ownRoom, "c-after", "still here");
        if (ownRoom.equals(scene.roomId())) {
            assertThat(ack.seq()).isEqualTo(seqBefore + 1);
        }
        assertThat(connection.pending(StompConnection.ERRORS)).as("one error per bad SEND").isEmpty();
    }

    static Stream<Arguments> brokerDestinations() {
        return Stream.of(
                Arguments.of("a room topic", (Function<Scene, String>) scene -> Destinations.room(scene.roomId())),
                Arguments.of("a typing topic",
                        (Function<Scene, String>) scene -> Destinations.typing(scene.roomId())),
                Arguments.of("another user's acks",
                        (Function<Scene, String>) scene -> "/user/" + scene.bob().id() + "/queue/acks"),
                Arguments.of("another user's errors",
                        (Function<Scene, String>) scene -> "/user/" + scene.bob().id() + "/queue/errors"),
                Arguments.of("a broker queue", (Function<Scene, String>) scene -> "/queue/acks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokerDestinations")
    void aSendStraightToABrokerDestinationIsRefusedAndReachesNobody(
            String description, Function<Scene, String> destinationOf) {
        Scene scene = scene();
        StompConnection bobs = connect(scene.bob());
        bobs.subscribe(Destinations.room(scene.roomId()));
        bobs.subscribe(Destinations.typing(scene.roomId()));
        StompConnection alices = connect(scene.alice());
        String destination = destinationOf.apply(scene);
        String forged = "{\"type\":\"MESSAGE_SENT\",\"roomId\":\"" + scene.roomId() + "\",\"seq\":999999,"
                + "\"clientMsgId\":\"c-forged\",\"messageId\":\"forged\",\"status\":\"ACCEPTED\","
                + "\"code\":\"FORGED\",\"userId\":\"" + scene.alice().id() + "\",\"typing\":true}";

        alices.sendText(destination, forged);

        ReceivedFrame error = alices.nextError();
        assertThat(error.field("code")).isEqualTo("FORBIDDEN");
        ReceivedFrame marker = alices.sendAndAwaitAck(scene.roomId(), "c-marker", "the real thing");
        assertThat(bobs.through(Destinations.room(scene.roomId()),
                        frame -> marker.messageId().equals(frame.messageId()), "the marker"))
                .as("nothing but the marker reached the room topic").hasSize(1);
        bobs.sendAndAwaitAck(scene.roomId(), "c-bob", "bob's own");
        assertThat(bobs.pending(Destinations.typing(scene.roomId()))).isEmpty();
        assertThat(bobs.pending(StompConnection.ACKS)).isEmpty();
        assertThat(bobs.pending(StompConnection.ERRORS)).isEmpty();
        assertThat(alices.isConnected()).isTrue();
    }

    @ParameterizedTest(name = "{0} KiB")
    @ValueSource(ints = {65, 100, 1024})
    void aFrameOverTheSizeLimitGetsAClearErrorNotAHang(int kibibytes) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        long seqBefore = alice.lastSeq(roomId);
        byte[] oversized = ("{\"clientMsgId\":\"c-huge\",\"content\":\"" + "x".repeat(kibibytes * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        try {
            alices.sendBytes(Destinations.messages(roomId), oversized);
        } catch (MessageDeliveryException closedWhileWriting) {
            // The server may refuse as soon as it reads the content-length, closing before the rest arrives.
        }

        Outcome outcome = awaitOversizeOutcome(alices, Duration.ofSeconds(10));
        assertThat(outcome.described()).as("how the server answered a %d-byte frame: %s", oversized.length, outcome)
                .isTrue();
        assertThat(alice.lastSeq(roomId)).isEqualTo(seqBefore);
        // Whatever became of that connection, a new one works.
        StompConnection again = connect(alice);
        again.sendAndAwaitAck(roomId, "c-small", "small enough");
    }

    @Test
    void aLargeFrameUnderTheSizeLimitGetsAValidationErrorAndKeepsTheConnection() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);

        alices.sendText(Destinations.messages(roomId),
                "{\"clientMsgId\":\"c-big\",\"content\":\"" + "x".repeat(30 * 1024) + "\"}");

        assertThat(alices.errorFor("c-big").field("code")).isEqualTo("VALIDATION_FAILED");
        alices.sendAndAwaitAck(roomId, "c-after", "still connected");
    }

    @Test
    void typingReachesTheOtherMembersTypingSubscriptionAndNotTheRoomTopic() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));
        bobs.subscribe(Destinations.typing(roomId));
        long seqBefore = alice.lastSeq(roomId);

        alices.send(Destinations.sendTyping(roomId), Map.of("typing", true, "userId", bob.id()));
        ReceivedFrame typing = bobs.next(Destinations.typing(roomId));
        alices.send(Destinations.sendTyping(roomId), Map.of("typing", false));
        ReceivedFrame stopped = bobs.next(Destinations.typing(roomId));

        assertThat(typing.json()).isEqualTo(ReceivedFrame.JSON.readTree("{\"type\":\"TYPING\",\"roomId\":\""
                + roomId + "\",\"userId\":\"" + alice.id() + "\",\"typing\":true}"));
        assertThat(stopped.json().path("typing").booleanValue()).isFalse();
        assertThat(stopped.field("userId")).isEqualTo(alice.id());
        ReceivedFrame marker = alices.sendAndAwaitAck(roomId, "c-marker", "typing is not a room event");
        assertThat(marker.seq()).isEqualTo(seqBefore + 1);
        assertThat(bobs.through(Destinations.room(roomId), frame -> marker.messageId().equals(frame.messageId()),
                "the marker")).hasSize(1);
        assertThat(bobs.pending(Destinations.typing(roomId))).isEmpty();
    }

    @Test
    void aReadMarkerSentOverStompMovesTheUnreadCount() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        alice.sendId(roomId, "a1");
        String a2 = alice.sendId(roomId, "a2");
        alice.sendId(roomId, "a3");
        assertThat(bob.unread(roomId).path("unreadCount").longValue()).isEqualTo(3);
        StompConnection bobs = connect(bob);

        bobs.sendWithReceipt(Destinations.read(roomId), Map.of("lastReadMessageId", a2)).await();

        JsonNode unread = bob.unread(roomId);
        assertThat(unread.path("unreadCount").longValue()).isEqualTo(1);
        assertThat(unread.path("lastReadMessageId").stringValue()).isEqualTo(a2);
        assertThat(bobs.pending(StompConnection.ERRORS)).isEmpty();
    }

    // Helpers.

    private Scene scene() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        ApiUser eve = api.newUser("eve");
        String roomId = alice.createPrivateRoomWith(bob, carol);
        String bobsMessage = bob.sendId(roomId, "bob's");
        String alicesMessage = alice.sendId(roomId, "alice's");
        String deleted = alice.sendId(roomId, "soon gone");
        alice.deleteMessage(roomId, deleted);
        return new Scene(alice, bob, carol, eve, roomId, bobsMessage, alicesMessage, deleted);
    }

    private static JsonNode messageWithClientMsgId(ApiUser reader, String roomId, String clientMsgId) {
        List<JsonNode> found = reader.history(roomId, "limit=200").path("messages").valueStream()
                .filter(message -> clientMsgId.equals(message.path("clientMsgId").stringValue()))
                .toList();
        assertThat(found).as("messages with clientMsgId %s in history", clientMsgId).hasSize(1);
        return found.getFirst();
    }

    /** Equal as JSON trees, and with the fields in the same order: one encoder for REST and STOMP. */
    static void assertSameMessage(JsonNode fromEvent, JsonNode fromRest) {
        assertThat(fromEvent).isEqualTo(fromRest);
        assertThat(fieldNames(fromEvent)).containsExactlyElementsOf(fieldNames(fromRest));
    }

    static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }

    /** What became of a connection after an oversized frame. */
    record Outcome(@Nullable ReceivedFrame errorFrame, @Nullable CloseStatus closeStatus,
            @Nullable ReceivedFrame errorMessage) {

        /** An ERROR frame saying so, a close status saying the message was too big, or a queued error. */
        boolean described() {
            boolean errorFrameExplains = errorFrame != null
                    && (Objects.toString(errorFrame.header("message"), "") + errorFrame.text())
                            .contains("PAYLOAD_TOO_LARGE");
            boolean closedAsTooBig = closeStatus != null && closeStatus.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode();
            boolean queuedError = errorMessage != null && "PAYLOAD_TOO_LARGE".equals(errorMessage.field("code"));
            return errorFrameExplains || closedAsTooBig || queuedError;
        }
    }

    private static Outcome awaitOversizeOutcome(StompConnection connection, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            CloseStatus closed = connection.closeStatusIfClosed();
            List<ReceivedFrame> errors = connection.pending(StompConnection.ERRORS);
            if (closed != null || !errors.isEmpty()) {
                ReceivedFrame errorFrame = connection.errorFramesReceived().stream().findFirst().orElse(null);
                return new Outcome(errorFrame, closed, errors.isEmpty() ? null : errors.getFirst());
            }
            sleepBriefly();
        }
        throw new AssertionError("no answer to an oversized frame within " + timeout
                + ": the connection neither closed nor got an error");
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
