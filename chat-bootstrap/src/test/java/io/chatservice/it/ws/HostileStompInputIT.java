package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import io.chatservice.it.web.HostileTokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input over STOMP, table-driven, beyond the bad SENDs of {@link StompMessagingIT} and the tokens of
 * {@link StompConnectIT}: mistyped and oversized fields, huge numbers, ids of another room, strangers and former
 * members, broken tokens; and, through a hand-written WebSocket client ({@link RawStompSocket}), what no STOMP
 * library sends: text frames that are not UTF-8, STOMP in binary frames, frames that are not STOMP.
 *
 * <p>Each case checks the documented error code (on {@code /user/queue/errors}, or an ERROR frame and a close
 * for protocol errors), that nothing was stored, that the error gives nothing away, and that the server goes on
 * serving: the same connection where the contract keeps it open, a new one where it closes it.
 */
class HostileStompInputIT extends StompIntegrationTest {

    private static final String SECRET = "SECRET-" + UUID.randomUUID();

    @Value("${chat.auth.secret}")
    private String secret;

    /** Alice owns room A, which bob has left (his message stays); carol's room B, with alice in it, holds a secret. */
    record Scene(ApiUser alice, ApiUser bob, ApiUser carol, ApiUser stranger, String roomA, String roomB,
            String alicesMessage, String bobsMessage, String foreignMessage, JsonNode timelineA, JsonNode timelineB) {
    }

    private Scene scene() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        ApiUser stranger = api.newUser("stranger");
        String roomA = alice.createRoom("room A " + SECRET, "PRIVATE", bob).path("roomId").stringValue();
        String roomB = carol.createRoom("room B " + SECRET, "PRIVATE", alice).path("roomId").stringValue();
        String alicesMessage = alice.sendId(roomA, "alice says " + SECRET);
        String bobsMessage = bob.sendId(roomA, "bob says " + SECRET);
        bob.removeMember(roomA, bob);
        String foreignMessage = carol.sendId(roomB, "carol says " + SECRET);
        return new Scene(alice, bob, carol, stranger, roomA, roomB, alicesMessage, bobsMessage, foreignMessage,
                alice.timeline(roomA), carol.timeline(roomB));
    }

    private static void assertNothingWritten(Scene scene) {
        assertThat(scene.alice().timeline(scene.roomA())).as("room A unchanged").isEqualTo(scene.timelineA());
        assertThat(scene.carol().timeline(scene.roomB())).as("room B unchanged").isEqualTo(scene.timelineB());
    }

    private static void assertNothingLeaks(Scene scene, String answer, String request) {
        List<String> unnamed = Stream.of(SECRET, scene.roomB(), scene.foreignMessage(), scene.carol().id(),
                        scene.alicesMessage(), scene.bobsMessage())
                .filter(value -> !request.contains(value))
                .toList();
        assertThat(answer).as("error answer to %s", request)
                .doesNotContain(unnamed)
                .doesNotContain("Exception", "at io.", "at org.", "java.", "tools.jackson", "io.chatservice")
                .doesNotContainIgnoringCase("sql");
    }

    // Bad SENDs that keep the connection open

    /** One SEND: who, where, what body, and the error it must get; {@code clientMsgId} when it must be echoed. */
    record BadSend(String description, Function<Scene, ApiUser> sender, Function<Scene, String> destination,
            String body, String code, @Nullable String clientMsgId) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<BadSend> badSends() {
        Function<Scene, ApiUser> alice = Scene::alice;
        Function<Scene, String> send = scene -> Destinations.messages(scene.roomA());
        Function<Scene, String> editOwn = scene -> Destinations.edit(scene.roomA(), scene.alicesMessage());
        Function<Scene, String> read = scene -> Destinations.read(scene.roomA());
        String deeplyNested = "[".repeat(5_000) + "]".repeat(5_000);
        return Stream.of(
                // Wrong JSON types and huge numbers
                new BadSend("content a number", alice, send, "{\"clientMsgId\":\"c-h\",\"content\":42}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("content a huge number", alice, send, "{\"clientMsgId\":\"c-h\",\"content\":1e400}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("content null", alice, send, "{\"clientMsgId\":\"c-h\",\"content\":null}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("clientMsgId a huge integer", alice, send,
                        "{\"clientMsgId\":99999999999999999999999,\"content\":\"hi\"}", "VALIDATION_FAILED", null),
                new BadSend("an empty body", alice, send, "", "VALIDATION_FAILED", null),
                new BadSend("a truncated body", alice, send, "{\"clientMsgId\":\"c-h\",\"content\":\"" + SECRET,
                        "VALIDATION_FAILED", null),
                new BadSend("two JSON objects", alice, send,
                        "{\"clientMsgId\":\"c-h\",\"content\":\"a\"}{\"clientMsgId\":\"c-i\",\"content\":\"b\"}",
                        "VALIDATION_FAILED", null),
                new BadSend("nesting 5000 deep", alice, send,
                        "{\"clientMsgId\":\"c-h\",\"content\":\"hi\",\"extra\":" + deeplyNested + "}",
                        "VALIDATION_FAILED", null),
                new BadSend("an unpaired surrogate", alice, send, "{\"clientMsgId\":\"c-h\",\"content\":\"a\\ud800\"}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("4001 emoji", alice, send,
                        "{\"clientMsgId\":\"c-h\",\"content\":\"" + "\uD83D\uDE00".repeat(4001) + "\"}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("4001 code points of combining marks", alice, send,
                        "{\"clientMsgId\":\"c-h\",\"content\":\"" + "e\u0301".repeat(2000) + "\u0301\"}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("only Unicode white space", alice, send,
                        "{\"clientMsgId\":\"c-h\",\"content\":\"\\u2028\\u3000\\t \"}", "VALIDATION_FAILED", "c-h"),
                new BadSend("edit, content a number", alice, editOwn, "{\"clientMsgId\":\"e-h\",\"content\":7}",
                        "VALIDATION_FAILED", "e-h"),
                new BadSend("edit, content missing", alice, editOwn, "{\"clientMsgId\":\"e-h\"}",
                        "VALIDATION_FAILED", "e-h"),
                new BadSend("delete, clientMsgId an array", alice,
                        scene -> Destinations.delete(scene.roomA(), scene.alicesMessage()), "{\"clientMsgId\":[1]}",
                        "VALIDATION_FAILED", null),
                new BadSend("typing a huge number", alice, scene -> Destinations.sendTyping(scene.roomA()),
                        "{\"typing\":1e999}", "VALIDATION_FAILED", null),
                new BadSend("typing a string", alice, scene -> Destinations.sendTyping(scene.roomA()),
                        "{\"typing\":\"true\"}", "VALIDATION_FAILED", null),
                new BadSend("read marker a number", alice, read, "{\"lastReadMessageId\":1e400}",
                        "VALIDATION_FAILED", null),
                // Malformed ids in the destination
                new BadSend("a room id of 65 characters", alice,
                        scene -> Destinations.messages("r".repeat(65)), "{\"clientMsgId\":\"c-h\",\"content\":\"hi\"}",
                        "VALIDATION_FAILED", "c-h"),
                new BadSend("SQL as the room id", alice,
                        scene -> Destinations.messages("' OR '1'='1"), "{\"clientMsgId\":\"c-h\",\"content\":\"hi\"}",
                        "NOT_FOUND", "c-h"),
                // Ids of another room
                new BadSend("editing another room's message through this room", alice,
                        scene -> Destinations.edit(scene.roomA(), scene.foreignMessage()),
                        "{\"clientMsgId\":\"e-h\",\"content\":\"defaced\"}", "NOT_FOUND", "e-h"),
                new BadSend("deleting another room's message through this room", alice,
                        scene -> Destinations.delete(scene.roomA(), scene.foreignMessage()),
                        "{\"clientMsgId\":\"d-h\"}", "NOT_FOUND", "d-h"),
                new BadSend("marking another room's message read", alice, read,
                        "{\"lastReadMessageId\":\"%s\"}", "NOT_FOUND", null),
                // Strangers and former members
                new BadSend("a stranger edits bob's message", Scene::stranger,
                        scene -> Destinations.edit(scene.roomA(), scene.bobsMessage()),
                        "{\"clientMsgId\":\"e-h\",\"content\":\"defaced\"}", "FORBIDDEN", "e-h"),
                new BadSend("a stranger deletes alice's message", Scene::stranger,
                        scene -> Destinations.delete(scene.roomA(), scene.alicesMessage()), "{}", "FORBIDDEN", null),
                new BadSend("a stranger marks the room read", Scene::stranger, read,
                        "{\"lastReadMessageId\":\"%s\"}", "FORBIDDEN", null),
                new BadSend("a former member sends", Scene::bob, send,
                        "{\"clientMsgId\":\"c-h\",\"content\":\"back again\"}", "FORBIDDEN", "c-h"),
                new BadSend("a former member edits their own message", Scene::bob,
                        scene -> Destinations.edit(scene.roomA(), scene.bobsMessage()),
                        "{\"clientMsgId\":\"e-h\",\"content\":\"rewritten\"}", "FORBIDDEN", "e-h"),
                new BadSend("a former member deletes their own message", Scene::bob,
                        scene -> Destinations.delete(scene.roomA(), scene.bobsMessage()), "{\"clientMsgId\":\"d-h\"}",
                        "FORBIDDEN", "d-h"),
                new BadSend("a former member types", Scene::bob, scene -> Destinations.sendTyping(scene.roomA()),
                        "{\"typing\":true}", "FORBIDDEN", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSends")
    void aBadSendIsAnsweredOnTheErrorQueueStoresNothingLeaksNothingAndTheConnectionGoesOn(BadSend bad) {
        Scene scene = scene();
        ApiUser sender = bad.sender().apply(scene);
        StompConnection connection = connect(sender);
        String destination = bad.destination().apply(scene);
        // A marker for the id of the message the case is about, filled in once the scene exists.
        String body = bad.body().contains("%s")
                ? bad.body().formatted(bad.code().equals("NOT_FOUND") ? scene.foreignMessage() : scene.bobsMessage())
                : bad.body();

        connection.sendText(destination, body);

        ReceivedFrame error = connection.nextError();
        assertThat(error.field("code")).as("error %s", error).isEqualTo(bad.code());
        assertThat(error.field("clientMsgId")).as("clientMsgId echoed in %s", error).isEqualTo(bad.clientMsgId());
        assertThat(error.field("message")).isNotBlank();
        assertNothingLeaks(scene, error.text(), destination + " " + body);
        assertNothingWritten(scene);
        // The same connection goes on: in room A for alice, in a room of their own for the others.
        String ownRoom = sender == scene.alice() ? scene.roomA() : sender.createRoomWith();
        ReceivedFrame ack = connection.sendAndAwaitAck(ownRoom, "c-after", "still serving");
        if (ownRoom.equals(scene.roomA())) {
            assertThat(ack.seq()).as("no seq was taken").isEqualTo(scene.timelineA().path("lastSeq").longValue() + 1);
        }
        assertThat(connection.pending(StompConnection.ERRORS)).as("one error per bad SEND").isEmpty();
    }

    @Test
    void aFieldGivenTwiceCountsWithItsLastValueAsOverRest() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);

        alices.sendText(Destinations.messages(roomId),
                "{\"clientMsgId\":\"c-first\",\"content\":\"first\",\"clientMsgId\":\"c-last\",\"content\":\"last\"}");

        ReceivedFrame ack = alices.ack("c-last");
        assertThat(alice.message(roomId, ack.messageId()).path("content").stringValue()).isEqualTo("last");
    }

    @Test
    void aFormerMemberCannotSubscribeAndIsToldNothingOfTheRoom() {
        Scene scene = scene();
        StompConnection bobs = connect(scene.bob());

        ReceivedFrame refusal = bobs.subscribeRefused(Destinations.room(scene.roomA()));

        assertThat(refusal.field("code")).isEqualTo("FORBIDDEN");
        assertNothingLeaks(scene, refusal.text(), Destinations.room(scene.roomA()));
        bobs.sendAndAwaitAck(scene.bob().createRoomWith(), "c-own", "my own room works");
    }

    // Text that must arrive exactly as sent

    @ParameterizedTest
    @ValueSource(strings = {
        "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66 \uD83D\uDC4D\uD83C\uDFFD \uD83C\uDDEF\uD83C\uDDF5",
        "\u05E9\u05DC\u05D5\u05DD \u200F\u05E2\u05D5\u05DC\u05DD\u200F \u202Eevil\u202C \u2066iso\u2069",
        "e\u0301 Z\u0324\u0354\u0367a\u0308\u0356 \u0915\u094D\u0937\u093F",
        "\uD835\uDD73\uD835\uDD8A \uD840\uDC0B \uDBFF\uDFFF \uFEFF",
        "'); DROP TABLE message;-- <script>alert(1)</script> &amp; {{7*7}}",
    })
    void unicodeSqlAndHtmlRoundTripByteForByteThroughStompAndRest(String content) {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));
        byte[] expected = content.getBytes(StandardCharsets.UTF_8);

        ReceivedFrame ack = alices.sendAndAwaitAck(roomId, "c-unicode", content);
        ReceivedFrame sent = bobs.event(roomId, "MESSAGE_SENT", ack.messageId());
        alices.sendWithReceipt(Destinations.edit(roomId, ack.messageId()),
                Map.of("content", content + " (edited)")).await();
        ReceivedFrame edited = bobs.event(roomId, "MESSAGE_EDITED", ack.messageId());
        String viaRest = alice.sendId(roomId, content);
        ReceivedFrame restSent = bobs.event(roomId, "MESSAGE_SENT", viaRest);

        assertThat(contentBytes(sent)).isEqualTo(expected);
        assertThat(contentBytes(restSent)).isEqualTo(expected);
        assertThat(contentBytes(edited)).isEqualTo((content + " (edited)").getBytes(StandardCharsets.UTF_8));
        // On the wire, too: the event body carries the text as raw UTF-8, not re-encoded or escaped.
        assertThat(containsBytes(sent.body(), expected)).as("raw bytes of %s in %s", content, sent).isTrue();
        assertThat(alice.message(roomId, viaRest).path("content").stringValue().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(expected);
        assertThat(alice.message(roomId, ack.messageId()).path("content").stringValue()
                .getBytes(StandardCharsets.UTF_8)).isEqualTo((content + " (edited)").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contentOf4000CodePointsIsAcceptedAndOf4001RefusedWhateverItsUtf16Length() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 5 code points, 8 UTF-16 units
        String atTheLimit = family.repeat(800);

        ReceivedFrame ack = alices.sendAndAwaitAck(roomId, "c-4000", atTheLimit);
        alices.sendText(Destinations.messages(roomId),
                "{\"clientMsgId\":\"c-4001\",\"content\":\"" + atTheLimit + "x\"}");

        assertThat(contentBytes(alices.event(roomId, "MESSAGE_SENT", ack.messageId())))
                .isEqualTo(atTheLimit.getBytes(StandardCharsets.UTF_8));
        assertThat(alices.errorFor("c-4001").field("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(alice.lastSeq(roomId)).isEqualTo(ack.seq());
    }

    // Tokens

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.chatservice.it.web.HostileTokens#refused")
    void aTokenThatIsNotGoodEnoughGetsAnUnauthorizedErrorFrameAndAClose(HostileTokens.Case token) {
        ApiUser alice = api.newUser("alice");
        String minted = token.mint(new HostileTokens(secret), alice.id());

        StompRefusal refusal = stomp.connectExpectingError(minted);

        assertThat(refusal.error().header("message")).isEqualTo("UNAUTHORIZED");
        assertThat(refusal.error().text()).doesNotContain(alice.id(), minted, "Exception", "io.chatservice");
        assertThat(refusal.closeStatus()).isNotNull();
        connect(alice).sendAndAwaitAck(alice.createRoomWith(), "c-after", "a good token still works");
    }

    // Below STOMP: what only a hand-written WebSocket client sends

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("0xFF", new byte[] {(byte) 0xFF}),
                Arguments.of("an overlong '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("an overlong NUL", new byte[] {(byte) 0xC0, (byte) 0x80}),
                Arguments.of("a CESU-8 surrogate pair",
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}),
                Arguments.of("a sequence cut short", new byte[] {(byte) 0xE2, (byte) 0x82}),
                Arguments.of("beyond U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    /**
     * A WebSocket text message must be UTF-8 (RFC 6455, 8.1): the container fails the connection with 1007
     * before any STOMP is read, so nothing is stored, and the server serves the next connection.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void aTextFrameThatIsNotUtf8ClosesTheConnectionWith1007AndStoresNothing(String description, byte[] invalid) {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            assertThat(raw.connect(scene.alice().token()).command()).isEqualTo("CONNECTED");

            raw.send(RawStompSocket.TEXT, sendFrame(Destinations.messages(scene.roomA()), invalidBody(invalid)));

            assertThat(raw.awaitClose(Duration.ofSeconds(10))).isEqualTo(1007);
        }
        assertNothingWritten(scene);
        connect(scene.alice()).sendAndAwaitAck(scene.roomA(), "c-after", "the next connection works");
    }

    /**
     * STOMP may come in binary WebSocket messages too, whose bytes the container does not check: a body that is
     * not UTF-8 is refused like any unreadable body, and the connection stays open.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void aBinaryFrameWhoseBodyIsNotUtf8GetsValidationFailedAndTheConnectionGoesOn(String description,
            byte[] invalid) {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            assertThat(raw.connect(scene.alice().token()).command()).isEqualTo("CONNECTED");
            raw.subscribe("errors", StompConnection.ERRORS);
            raw.subscribe("acks", StompConnection.ACKS);

            raw.send(RawStompSocket.BINARY, sendFrame(Destinations.messages(scene.roomA()), invalidBody(invalid)));

            RawStompSocket.Frame error = raw.nextFrame(Duration.ofSeconds(10));
            assertThat(error.command()).isEqualTo("MESSAGE");
            assertThat(error.header("destination")).isEqualTo(StompConnection.ERRORS);
            assertThat(error.text()).contains("\"code\":\"VALIDATION_FAILED\"").doesNotContain(SECRET);
            assertNothingWritten(scene);

            String content = "binary frames carry UTF-8 too: \uD83D\uDC4D\uD83C\uDFFD \u05E9\u05DC\u05D5\u05DD";
            raw.send(RawStompSocket.BINARY, sendFrame(Destinations.messages(scene.roomA()),
                    ("{\"clientMsgId\":\"c-binary\",\"content\":\"" + content + "\"}").getBytes(StandardCharsets.UTF_8)));
            RawStompSocket.Frame ack = raw.nextFrame(Duration.ofSeconds(10));
            assertThat(ack.header("destination")).isEqualTo(StompConnection.ACKS);
            assertThat(ack.text()).contains("\"clientMsgId\":\"c-binary\"", "\"status\":\"ACCEPTED\"");
        }
        JsonNode stored = scene.alice().timeline(scene.roomA()).path("messages").valueStream()
                .filter(message -> "c-binary".equals(message.path("clientMsgId").stringValue()))
                .findFirst().orElseThrow();
        assertThat(stored.path("content").stringValue()).startsWith("binary frames carry UTF-8 too");
    }

    /** A protocol error: the frame cannot be read as STOMP, so an ERROR frame with the code, then a close. */
    record BrokenFrame(String description, byte[] frame, String code) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<BrokenFrame> brokenFrames() {
        return Stream.of(
                new BrokenFrame("an unknown command", "HELLO\n\n\0".getBytes(StandardCharsets.UTF_8),
                        "VALIDATION_FAILED"),
                new BrokenFrame("a header line without a colon",
                        "SEND\ndestination\n\nhi\0".getBytes(StandardCharsets.UTF_8), "VALIDATION_FAILED"),
                new BrokenFrame("an invalid escape in a header",
                        "SEND\ndestination:/app/rooms/x\\q/messages\n\nhi\0".getBytes(StandardCharsets.UTF_8),
                        "VALIDATION_FAILED"),
                new BrokenFrame("a second CONNECT",
                        "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8),
                        "VALIDATION_FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFrames")
    void aFrameThatIsNotValidStompGetsAnErrorFrameWithItsCodeAndAClose(BrokenFrame broken) {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            assertThat(raw.connect(scene.alice().token()).command()).isEqualTo("CONNECTED");

            raw.send(RawStompSocket.TEXT, broken.frame());

            RawStompSocket.Frame error = raw.nextFrame(Duration.ofSeconds(10));
            assertThat(error.command()).as("answer %s", error).isEqualTo("ERROR");
            assertThat(error.header("message")).as("code of %s", error).isEqualTo(broken.code());
            assertThat(error.text()).doesNotContain("Exception", "io.chatservice", "org.springframework");
            assertThat(raw.awaitClose(Duration.ofSeconds(10))).as("close code").isNotZero();
        }
        assertNothingWritten(scene);
        connect(scene.alice()).sendAndAwaitAck(scene.roomA(), "c-after", "the next connection works");
    }

    /**
     * Spring's decoder ignores a {@code content-length} that is not a number (or beyond 32 bits) and reads the body
     * up to the NUL, as for a frame without one: the frame is handled like any other.
     */
    @ParameterizedTest
    @ValueSource(strings = {"abc", "99999999999999999999", "-5"})
    void aContentLengthThatIsNoNumberIsIgnoredAndTheBodyRunsToTheNul(String contentLength) {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            assertThat(raw.connect(scene.alice().token()).command()).isEqualTo("CONNECTED");
            raw.subscribe("acks", StompConnection.ACKS);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("destination", Destinations.messages(scene.roomA()));
            headers.put("content-length", contentLength);

            raw.send(RawStompSocket.TEXT, RawStompSocket.stomp("SEND", headers,
                    "{\"clientMsgId\":\"c-len\",\"content\":\"read to the NUL\"}".getBytes(StandardCharsets.UTF_8)));

            assertThat(raw.nextFrame(Duration.ofSeconds(10)).text()).contains("\"clientMsgId\":\"c-len\"",
                    "\"status\":\"ACCEPTED\"");
        }
        assertThat(scene.alice().lastSeq(scene.roomA())).isEqualTo(scene.timelineA().path("lastSeq").longValue() + 1);
    }

    /**
     * A {@code content-length} over the frame limit is refused as soon as more of the frame arrives: until then the
     * server holds at most what was sent (under the limit) and waits for the rest, as for any frame in pieces.
     */
    @Test
    void aContentLengthOverTheFrameLimitIsPayloadTooLargeAndStoresNothing() {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            assertThat(raw.connect(scene.alice().token()).command()).isEqualTo("CONNECTED");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("destination", Destinations.messages(scene.roomA()));
            headers.put("content-length", "70000");

            raw.send(RawStompSocket.TEXT, RawStompSocket.stomp("SEND", headers,
                    "{\"clientMsgId\":\"c-big\",\"content\":\"".getBytes(StandardCharsets.UTF_8)));
            raw.send(RawStompSocket.TEXT, "x".repeat(1024).getBytes(StandardCharsets.UTF_8));

            RawStompSocket.Frame error = raw.nextFrame(Duration.ofSeconds(10));
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(raw.awaitClose(Duration.ofSeconds(10))).isNotZero();
        }
        assertNothingWritten(scene);
        connect(scene.alice()).sendAndAwaitAck(scene.roomA(), "c-after", "the next connection works");
    }

    @Test
    void aSendBeforeConnectIsUnauthorizedAndStoresNothing() {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            raw.send(RawStompSocket.TEXT, sendFrame(Destinations.messages(scene.roomA()),
                    "{\"clientMsgId\":\"c-early\",\"content\":\"no token\"}".getBytes(StandardCharsets.UTF_8)));

            RawStompSocket.Frame error = raw.nextFrame(Duration.ofSeconds(10));
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("UNAUTHORIZED");
            raw.awaitClose(Duration.ofSeconds(10));
        }
        assertNothingWritten(scene);
    }

    /**
     * STOMP headers are UTF-8 too, but Spring's decoder reads them leniently: bytes that are not UTF-8 become
     * U+FFFD. A destination so mangled names no room this user may write to, so it is refused like any unknown
     * room, and the connection stays open.
     */
    @Test
    void aDestinationThatIsNotUtf8InABinaryFrameNamesNoRoomAndTheConnectionGoesOn() {
        Scene scene = scene();
        try (RawStompSocket raw = RawStompSocket.open(port())) {
            assertThat(raw.connect(scene.alice().token()).command()).isEqualTo("CONNECTED");
            raw.subscribe("errors", StompConnection.ERRORS);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes("SEND\ndestination:/app/rooms/".getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF});
            frame.writeBytes(("/messages\n\n{\"clientMsgId\":\"c-d\",\"content\":\"hi\"}\0")
                    .getBytes(StandardCharsets.UTF_8));

            raw.send(RawStompSocket.BINARY, frame.toByteArray());

            RawStompSocket.Frame error = raw.nextFrame(Duration.ofSeconds(10));
            assertThat(error.header("destination")).isEqualTo(StompConnection.ERRORS);
            assertThat(error.text()).contains("\"code\":\"NOT_FOUND\"");
            raw.subscribe("still-open", StompConnection.ACKS);
        }
        assertNothingWritten(scene);
    }

    // Helpers

    private static byte[] sendFrame(String destination, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("destination", destination);
        headers.put("content-type", "application/json");
        return RawStompSocket.stomp("SEND", headers, body);
    }

    private static byte[] invalidBody(byte[] invalid) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"clientMsgId\":\"c-raw\",\"content\":\"" + SECRET + " ").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(invalid);
        body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static byte[] contentBytes(ReceivedFrame event) {
        return event.json().path("message").path("content").stringValue().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean containsBytes(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
