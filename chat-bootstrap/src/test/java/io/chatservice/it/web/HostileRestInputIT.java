package io.chatservice.it.web;

import static io.chatservice.it.web.ApiAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Hostile input over REST, table-driven, beyond the cases of {@link ValidationErrorsIT}, {@link ApiErrorsIT} and
 * {@link AuthenticationIT}: malformed bodies on every writing endpoint, wrong JSON types, huge and odd numbers,
 * raw bytes that are not UTF-8, broken tokens, strangers and former members, ids of another room. Each case
 * checks four things: the documented status and {@code code}; that nothing was written (both rooms' timelines and
 * membership as they were); that the error gives nothing away (no content, name or id of the room, no stack
 * trace, SQL or class name); and that the server goes on serving (a valid request right after succeeds).
 */
class HostileRestInputIT extends RestApiTest {

    @Value("${chat.auth.secret}")
    private String secret;

    /** Text that must never appear in an error answer: the input or the rooms' contents. */
    private static final String SECRET = "SECRET-" + UUID.randomUUID();

    /**
     * Alice owns room A (bob is in it, and has left, his message stays); carol's private room B holds a secret
     * that alice, a member there too, could reach only through a lookup that ignores the room in the path.
     */
    record Scene(ApiUser alice, ApiUser bob, ApiUser carol, ApiUser stranger, String roomA, String roomB,
            String alicesMessage, String bobsMessage, String foreignMessage, JsonNode timelineA, JsonNode timelineB,
            JsonNode roomADetails) {

        String messages() {
            return "/rooms/" + roomA + "/messages";
        }

        String message(String messageId) {
            return messages() + "/" + messageId;
        }
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
                alice.timeline(roomA), carol.timeline(roomB), alice.room(roomA));
    }

    /** Status and code, nothing leaked, nothing written, and the server still serves the same user. */
    private JsonNode assertRefusedCleanly(Scene scene, ApiResponse response, int status, String code) {
        JsonNode problem = assertProblem(response, status, code);
        assertNothingLeaks(scene, response);
        assertNothingWritten(scene);
        assertStillServing(scene);
        return problem;
    }

    /** Nothing of the rooms that the request did not itself name ({@code instance} repeats the request path). */
    private static void assertNothingLeaks(Scene scene, ApiResponse response) {
        List<String> unnamed = Stream.of(SECRET, scene.roomB(), scene.foreignMessage(), scene.carol().id(),
                        scene.alicesMessage(), scene.bobsMessage(), scene.alice().id())
                .filter(value -> !response.request().contains(value))
                .toList();
        assertThat(response.text()).as("error answer to %s", response.request())
                .doesNotContain(unnamed)
                .doesNotContain("Exception", "at io.", "at org.", "java.", "tools.jackson", "io.chatservice")
                .doesNotContainIgnoringCase("sql")
                .doesNotContainIgnoringCase("select ");
    }

    private static void assertNothingWritten(Scene scene) {
        assertThat(scene.alice().timeline(scene.roomA())).as("room A unchanged").isEqualTo(scene.timelineA());
        assertThat(scene.carol().timeline(scene.roomB())).as("room B unchanged").isEqualTo(scene.timelineB());
        assertThat(scene.alice().room(scene.roomA())).as("room A's members unchanged").isEqualTo(scene.roomADetails());
    }

    private static void assertStillServing(Scene scene) {
        JsonNode sent = scene.alice().send(scene.roomA(), "still serving");
        assertThat(sent.path("seq").longValue()).as("the next seq follows, none was taken")
                .isEqualTo(scene.timelineA().path("lastSeq").longValue() + 1);
    }

    // Malformed, truncated and mistyped JSON on every endpoint that reads a body

    /** One request with a JSON body written by hand: where it goes and what it must get. */
    record BodyCase(String description, String method, Function<Scene, String> path, String body, int status,
            String code, @Nullable String field) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<BodyCase> badBodies() {
        Function<Scene, String> send = Scene::messages;
        Function<Scene, String> edit = scene -> scene.message(scene.alicesMessage());
        Function<Scene, String> rooms = scene -> "/rooms";
        Function<Scene, String> members = scene -> "/rooms/" + scene.roomA() + "/members";
        Function<Scene, String> read = scene -> "/rooms/" + scene.roomA() + "/read";
        String deeplyNested = "[".repeat(5_000) + "]".repeat(5_000);
        String longNumber = "9".repeat(5_000);
        return Stream.of(
                new BodyCase("edit, truncated", "PATCH", edit, "{\"content\": \"" + SECRET, 400, "VALIDATION_FAILED", null),
                new BodyCase("edit, no value", "PATCH", edit, "{\"content\": }", 400, "VALIDATION_FAILED", null),
                new BodyCase("edit, two objects", "PATCH", edit, "{\"content\":\"a\"} {\"content\":\"" + SECRET + "\"}",
                        400, "VALIDATION_FAILED", null),
                new BodyCase("edit, an array", "PATCH", edit, "[{\"content\":\"x\"}]", 400, "VALIDATION_FAILED", null),
                new BodyCase("edit, empty body", "PATCH", edit, "", 400, "VALIDATION_FAILED", null),
                new BodyCase("edit, content a number", "PATCH", edit, "{\"content\": 42}", 400, "VALIDATION_FAILED",
                        "content"),
                new BodyCase("edit, content a huge number", "PATCH", edit, "{\"content\": 1e400}", 400,
                        "VALIDATION_FAILED", "content"),
                new BodyCase("edit, content an object", "PATCH", edit, "{\"content\": {\"text\": \"x\"}}", 400,
                        "VALIDATION_FAILED", "content"),
                new BodyCase("edit, content null", "PATCH", edit, "{\"content\": null}", 400, "VALIDATION_FAILED",
                        "content"),
                new BodyCase("edit, content missing", "PATCH", edit, "{\"text\": \"x\"}", 400, "VALIDATION_FAILED",
                        "content"),
                new BodyCase("edit, content of 4001 characters", "PATCH", edit,
                        "{\"content\": \"" + "\uD83D\uDE00".repeat(4001) + "\"}", 400, "VALIDATION_FAILED", "content"),
                new BodyCase("edit, content only white space", "PATCH", edit, "{\"content\": \" \\u2028\\t\\u3000 \"}",
                        400, "VALIDATION_FAILED", "content"),
                new BodyCase("edit, content with NUL", "PATCH", edit, "{\"content\": \"a\\u0000b\"}", 400,
                        "VALIDATION_FAILED", "content"),
                new BodyCase("send, clientMsgId a huge integer", "POST", send,
                        "{\"clientMsgId\": 99999999999999999999999999, \"content\": \"hi\"}", 400, "VALIDATION_FAILED",
                        "clientMsgId"),
                new BodyCase("send, content a number of 5000 digits", "POST", send,
                        "{\"clientMsgId\": \"c-1\", \"content\": " + longNumber + "}", 400, "VALIDATION_FAILED", null),
                new BodyCase("send, nesting 5000 deep", "POST", send,
                        "{\"clientMsgId\": \"c-1\", \"content\": \"hi\", \"extra\": " + deeplyNested + "}", 400,
                        "VALIDATION_FAILED", null),
                new BodyCase("send, type an array", "POST", send,
                        "{\"clientMsgId\": \"c-1\", \"content\": \"hi\", \"type\": [\"TEXT\"]}", 400,
                        "VALIDATION_FAILED", "type"),
                new BodyCase("send, unescaped control character", "POST", send,
                        "{\"clientMsgId\": \"c-1\", \"content\": \"a\u0001b\"}", 400, "VALIDATION_FAILED", null),
                new BodyCase("create room, truncated", "POST", rooms, "{\"name\": \"x\", \"visibility\": \"PUBLIC\"",
                        400, "VALIDATION_FAILED", null),
                new BodyCase("create room, memberIds truncated", "POST", rooms,
                        "{\"name\": \"x\", \"visibility\": \"PUBLIC\", \"memberIds\": [", 400, "VALIDATION_FAILED", null),
                new BodyCase("create room, memberIds an object", "POST", rooms,
                        "{\"name\": \"x\", \"visibility\": \"PUBLIC\", \"memberIds\": {\"a\": \"b\"}}", 400,
                        "VALIDATION_FAILED", "memberIds"),
                new BodyCase("create room, a member id null", "POST", rooms,
                        "{\"name\": \"x\", \"visibility\": \"PUBLIC\", \"memberIds\": [null]}", 400,
                        "VALIDATION_FAILED", "memberIds[0]"),
                new BodyCase("create room, a member id nested", "POST", rooms,
                        "{\"name\": \"x\", \"visibility\": \"PUBLIC\", \"memberIds\": [[\"bob\"]]}", 400,
                        "VALIDATION_FAILED", "memberIds[0]"),
                new BodyCase("create room, name with NUL", "POST", rooms,
                        "{\"name\": \"a\\u0000b\", \"visibility\": \"PUBLIC\"}", 400, "VALIDATION_FAILED", "name"),
                new BodyCase("create room, name a huge number", "POST", rooms,
                        "{\"name\": 1e999, \"visibility\": \"PUBLIC\"}", 400, "VALIDATION_FAILED", "name"),
                new BodyCase("add member, truncated", "POST", members, "{\"userId\": ", 400, "VALIDATION_FAILED", null),
                new BodyCase("add member, a bare string", "POST", members, "\"bob\"", 400, "VALIDATION_FAILED", null),
                new BodyCase("add member, userId an array", "POST", members, "{\"userId\": [\"bob\"]}", 400,
                        "VALIDATION_FAILED", "userId"),
                new BodyCase("add member, userId with a control character", "POST", members,
                        "{\"userId\": \"bo\\u0007b\"}", 400, "VALIDATION_FAILED", "userId"),
                new BodyCase("mark read, truncated", "POST", read, "{\"lastReadMessageId\": [", 400,
                        "VALIDATION_FAILED", null),
                new BodyCase("mark read, id an object", "POST", read, "{\"lastReadMessageId\": {\"id\": 1}}", 400,
                        "VALIDATION_FAILED", "lastReadMessageId"),
                new BodyCase("mark read, id a huge number", "POST", read, "{\"lastReadMessageId\": 1e400}", 400,
                        "VALIDATION_FAILED", "lastReadMessageId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aMalformedOrMistypedBodyIsRefusedAndNothingIsWritten(BodyCase bad) {
        Scene scene = scene();
        List<JsonNode> alicesRoomsBefore = scene.alice().rooms().valueStream().toList();

        ApiResponse response = api.call(bad.method(), ApiClient.V1 + bad.path().apply(scene),
                scene.alice().token(), bad.body());

        JsonNode problem = assertRefusedCleanly(scene, response, bad.status(), bad.code());
        if (bad.field() != null) {
            assertThat(ApiAssertions.errorFields(problem)).as("fields blamed in %s", response.text())
                    .contains(bad.field());
        }
        assertThat(scene.alice().rooms().valueStream().map(room -> room.path("roomId")).toList())
                .as("no room was created")
                .isEqualTo(alicesRoomsBefore.stream().map(room -> room.path("roomId")).toList());
    }

    /**
     * A field given twice: the last one counts (Jackson's reading, the same over STOMP), as in most JSON APIs.
     * Pinned so that a change of JSON library cannot silently switch to the first one.
     */
    @Test
    void aFieldGivenTwiceCountsWithItsLastValue() {
        Scene scene = scene();

        JsonNode sent = scene.alice().postJson(scene.messages(),
                "{\"clientMsgId\":\"c-first\",\"content\":\"first\",\"clientMsgId\":\"c-last\",\"content\":\"last\"}")
                .expect(201);

        assertThat(sent.path("clientMsgId").stringValue()).isEqualTo("c-last");
        assertThat(sent.path("content").stringValue()).isEqualTo("last");
    }

    // Numbers in the query: huge, negative, not numbers at all

    @ParameterizedTest
    @ValueSource(strings = {
        "limit=1e20", "limit=99999999999999999999", "limit=2147483648", "limit=-0", "limit=+5", "limit=%205",
        "limit=0x10", "limit=%EF%BC%95", "limit=5&limit=6",
        "sinceSeq=99999999999999999999", "sinceSeq=9223372036854775808", "sinceSeq=-9223372036854775808",
        "sinceSeq=1e3", "sinceSeq=+5", "sinceSeq=0x10", "sinceSeq=%D9%A5", "sinceSeq=NaN", "sinceSeq=1.0",
    })
    void aQueryNumberThatIsNotAWholeNumberInRangeIsRefusedNamingIt(String query) {
        Scene scene = scene();
        String parameter = query.substring(0, query.indexOf('='));

        ApiResponse response = scene.alice().get(scene.messages() + "?" + query);

        JsonNode problem = assertRefusedCleanly(scene, response, 400, "VALIDATION_FAILED");
        assertThat(ApiAssertions.errorFields(problem)).contains(parameter);
    }

    @Test
    void theLargestSinceSeqIsAValidCursorBeyondTheRoomAnsweredEmptyWithTheRealLastSeq() {
        Scene scene = scene();

        JsonNode page = scene.alice().sync(scene.roomA(), "sinceSeq=9223372036854775807&limit=200");

        assertThat(page.path("messages")).isEmpty();
        assertThat(page.path("hasMore").booleanValue()).isFalse();
        assertThat(page.path("lastSeq").longValue()).isEqualTo(scene.timelineA().path("lastSeq").longValue());
        assertNothingWritten(scene);
    }

    // Raw bytes that are not UTF-8

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a byte that never occurs in UTF-8", bytes(0xFF)),
                Arguments.of("a lone continuation byte", bytes(0x80)),
                Arguments.of("a lead byte without its continuation", bytes(0xC3, 0x28)),
                Arguments.of("a sequence cut short", bytes(0xE2, 0x82)),
                Arguments.of("an overlong '/'", bytes(0xC0, 0xAF)),
                Arguments.of("an overlong NUL", bytes(0xC0, 0x80)),
                Arguments.of("an overlong three-byte 'A'", bytes(0xE0, 0x81, 0x81)),
                Arguments.of("a UTF-16 surrogate encoded (CESU-8)", bytes(0xED, 0xA0, 0x80)),
                Arguments.of("a surrogate pair encoded (CESU-8)", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80)),
                Arguments.of("a code point beyond U+10FFFF", bytes(0xF4, 0x90, 0x80, 0x80)),
                Arguments.of("a five-byte sequence", bytes(0xF8, 0x88, 0x80, 0x80, 0x80)));
    }

    @ParameterizedTest(name = "{0} in the content")
    @MethodSource("invalidUtf8")
    void contentThatIsNotUtf8IsRefusedRatherThanStoredAltered(String description, byte[] invalid) {
        Scene scene = scene();
        byte[] body = concat("{\"clientMsgId\": \"c-raw\", \"content\": \"before ".getBytes(StandardCharsets.UTF_8),
                invalid, " after\"}".getBytes(StandardCharsets.UTF_8));

        ApiResponse response = postBytes(scene.alice(), scene.messages(), body);

        assertRefusedCleanly(scene, response, 400, "VALIDATION_FAILED");
    }

    @ParameterizedTest(name = "{0} in an edit")
    @MethodSource("invalidUtf8")
    void anEditThatIsNotUtf8IsRefusedAndTheMessageStaysAsItWas(String description, byte[] invalid) {
        Scene scene = scene();
        byte[] body = concat("{\"content\": \"".getBytes(StandardCharsets.UTF_8), invalid,
                "\"}".getBytes(StandardCharsets.UTF_8));

        ApiResponse response = api.send(api.request(ApiClient.V1 + scene.message(scene.alicesMessage()))
                .header("Authorization", "Bearer " + scene.alice().token())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        assertRefusedCleanly(scene, response, 400, "VALIDATION_FAILED");
    }

    static Stream<Arguments> otherRawBodies() {
        return Stream.of(
                Arguments.of("a byte that is not UTF-8 between the fields",
                        concat("{\"clientMsgId\": \"c-1\",".getBytes(StandardCharsets.UTF_8), bytes(0xFF),
                                "\"content\": \"hi\"}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("an overlong '/' in the clientMsgId",
                        concat("{\"clientMsgId\": \"c-".getBytes(StandardCharsets.UTF_8), bytes(0xC0, 0xAF),
                                "\", \"content\": \"hi\"}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("a raw NUL byte in the content",
                        concat("{\"clientMsgId\": \"c-1\", \"content\": \"a".getBytes(StandardCharsets.UTF_8),
                                bytes(0x00), "b\"}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("a UTF-16 body", "{\"clientMsgId\": \"c-1\", \"content\": \"hi\"}"
                        .getBytes(StandardCharsets.UTF_16LE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherRawBodies")
    void otherBodiesThatAreNotUtf8JsonAreRefused(String description, byte[] body) {
        Scene scene = scene();

        assertRefusedCleanly(scene, postBytes(scene.alice(), scene.messages(), body), 400, "VALIDATION_FAILED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rooms/%FF", "/rooms/%C0%AF", "/rooms/%ED%A0%80/messages"})
    void aPathThatIsNotUtf8IsRefusedAsProblemDetails(String path) {
        Scene scene = scene();

        assertRefusedCleanly(scene, scene.alice().get(path), 400, "VALIDATION_FAILED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"before=%FF", "after=%C0%AF", "sinceSeq=%FF", "limit=%C0%B5"})
    void aQueryParameterThatIsNotUtf8IsRefusedNotIgnored(String query) {
        Scene scene = scene();

        // Silently dropping the parameter would turn a sync into a history page: the client must hear about it.
        assertRefusedCleanly(scene, scene.alice().get(scene.messages() + "?" + query), 400, "VALIDATION_FAILED");
    }

    // Text that must come back exactly as sent

    @ParameterizedTest
    @ValueSource(strings = {
        "'); DROP TABLE room;--",
        "<script>alert(1)</script>",
        "\uFEFFbom first, \u200Bzero width\u200B, \u2060word joiner",
        "noncharacters \uFFFE \uFFFF \uDBFF\uDFFF",
        "\u001B[31mANSI red\u001B[0m \u0007 bell \u007F del",
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F tag sequence",
    })
    void roomNamesAndEditsKeepSqlHtmlAndUnusualCharactersVerbatim(String text) {
        ApiUser alice = api.newUser("alice");
        // Room names may hold no control characters (errors.md); content may.
        String name = text.codePoints().anyMatch(Character::isISOControl) ? "plain" : text;
        String roomId = alice.createRoom(name, "PUBLIC").path("roomId").stringValue();
        String messageId = alice.sendId(roomId, "to be edited");

        JsonNode edited = alice.edit(roomId, messageId, text);

        assertThat(utf8(alice.room(roomId).path("name").stringValue())).isEqualTo(utf8(name));
        assertThat(utf8(edited.path("content").stringValue())).isEqualTo(utf8(text));
        assertThat(utf8(alice.message(roomId, messageId).path("content").stringValue())).isEqualTo(utf8(text));
        assertThat(alice.rooms().valueStream().map(room -> room.path("name").stringValue())).contains(name);
    }

    static Stream<Arguments> contentAtTheBoundary() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 5 code points, one grapheme
        return Stream.of(
                Arguments.of("4000 astral code points (8000 UTF-16 units)", "\uD835\uDD73".repeat(4000), true),
                Arguments.of("4001 astral code points", "\uD835\uDD73".repeat(4001), false),
                Arguments.of("800 ZWJ families (4000 code points, 800 graphemes)", family.repeat(800), true),
                Arguments.of("800 ZWJ families and one more code point", family.repeat(800) + "x", false),
                Arguments.of("2000 letters with a combining mark (4000 code points)", "e\u0301".repeat(2000), true),
                Arguments.of("2000 letters with a combining mark and one more mark", "e\u0301".repeat(2000) + "\u0301",
                        false),
                Arguments.of("3999 letters and one emoji with skin tone (4001 code points)",
                        "a".repeat(3999) + "\uD83D\uDC4D\uD83C\uDFFD", false),
                Arguments.of("3998 letters and one emoji with skin tone (4000 code points)",
                        "a".repeat(3998) + "\uD83D\uDC4D\uD83C\uDFFD", true),
                Arguments.of("4000 RTL letters between bidi isolates (4000 code points)",
                        "\u2067" + "\u05D0".repeat(3998) + "\u2069", true));
    }

    /** "4000 characters" are Unicode code points, whatever the UTF-16 length or the number of graphemes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("contentAtTheBoundary")
    void contentIsLimitedTo4000CodePointsAndRoundTripsByteForByte(String description, String content, boolean fits) {
        Scene scene = scene();

        ApiResponse response = scene.alice().trySend(scene.roomA(), "c-boundary", content);

        if (fits) {
            JsonNode sent = response.expect(201);
            assertThat(utf8(sent.path("content").stringValue())).isEqualTo(utf8(content));
            assertThat(utf8(scene.alice().message(scene.roomA(), sent.path("messageId").stringValue())
                    .path("content").stringValue())).isEqualTo(utf8(content));
        } else {
            JsonNode problem = assertRefusedCleanly(scene, response, 400, "VALIDATION_FAILED");
            assertThat(ApiAssertions.errorFields(problem)).containsExactly("content");
        }
    }

    // Who may do what: strangers and former members, tokens that are not good enough

    record AccessCase(String description, Function<Scene, ApiUser> who, String method,
            Function<Scene, String> path, @Nullable String body, int status, String code) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<AccessCase> refusedAccess() {
        Function<Scene, ApiUser> stranger = Scene::stranger;
        Function<Scene, ApiUser> formerMember = Scene::bob;
        Function<Scene, String> room = scene -> "/rooms/" + scene.roomA();
        List<AccessCase> cases = new ArrayList<>();
        for (var who : List.of(Map.entry("a stranger", stranger), Map.entry("a former member", formerMember))) {
            String label = who.getKey();
            cases.addAll(List.of(
                    new AccessCase(label + " reads the room", who.getValue(), "GET", room, null, 403, "FORBIDDEN"),
                    new AccessCase(label + " reads its history", who.getValue(), "GET",
                            scene -> scene.messages() + "?before=" + scene.alicesMessage(), null, 403, "FORBIDDEN"),
                    new AccessCase(label + " syncs it", who.getValue(), "GET",
                            scene -> scene.messages() + "?sinceSeq=0", null, 403, "FORBIDDEN"),
                    new AccessCase(label + " reads its presence", who.getValue(), "GET",
                            scene -> "/rooms/" + scene.roomA() + "/presence", null, 403, "FORBIDDEN"),
                    new AccessCase(label + " reads its unread count", who.getValue(), "GET",
                            scene -> "/rooms/" + scene.roomA() + "/unread", null, 403, "FORBIDDEN"),
                    new AccessCase(label + " sends", who.getValue(), "POST", Scene::messages,
                            "{\"clientMsgId\":\"c-x\",\"content\":\"" + SECRET + "\"}", 403, "FORBIDDEN"),
                    new AccessCase(label + " edits bob's message", who.getValue(), "PATCH",
                            scene -> scene.message(scene.bobsMessage()), "{\"content\":\"defaced\"}", 403, "FORBIDDEN"),
                    new AccessCase(label + " deletes bob's message", who.getValue(), "DELETE",
                            scene -> scene.message(scene.bobsMessage()), null, 403, "FORBIDDEN"),
                    new AccessCase(label + " marks bob's message read", who.getValue(), "POST",
                            scene -> "/rooms/" + scene.roomA() + "/read",
                            null, 403, "FORBIDDEN"),
                    new AccessCase(label + " joins the private room", who.getValue(), "POST",
                            scene -> "/rooms/" + scene.roomA() + "/join", null, 403, "FORBIDDEN"),
                    new AccessCase(label + " adds themselves", who.getValue(), "POST",
                            scene -> "/rooms/" + scene.roomA() + "/members", null, 403, "FORBIDDEN"),
                    new AccessCase(label + " removes the owner", who.getValue(), "DELETE",
                            scene -> "/rooms/" + scene.roomA() + "/members/" + scene.alice().id(), null, 403,
                            "FORBIDDEN"),
                    new AccessCase(label + " leaves a room they are not in", who.getValue(), "DELETE",
                            scene -> "/rooms/" + scene.roomA() + "/members/" + who.getValue().apply(scene).id(), null,
                            404, "NOT_FOUND")));
        }
        cases.add(new AccessCase("a member reads another room's message as history cursor", Scene::alice, "GET",
                scene -> scene.messages() + "?before=" + scene.foreignMessage(), null, 404, "NOT_FOUND"));
        cases.add(new AccessCase("a member syncs after another room's message", Scene::alice, "GET",
                scene -> scene.messages() + "?after=" + scene.foreignMessage() + "&limit=200", null, 404, "NOT_FOUND"));
        cases.add(new AccessCase("a member edits another room's message through this room", Scene::alice, "PATCH",
                scene -> scene.message(scene.foreignMessage()), "{\"content\":\"defaced\"}", 404, "NOT_FOUND"));
        cases.add(new AccessCase("a member deletes another room's message through this room", Scene::alice, "DELETE",
                scene -> scene.message(scene.foreignMessage()), null, 404, "NOT_FOUND"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAccess")
    void accessBeyondOnesRightsIsRefusedRevealsNothingAndWritesNothing(AccessCase access) {
        Scene scene = scene();
        ApiUser who = access.who().apply(scene);
        String body = access.body();
        if (body == null && access.method().equals("POST") && access.path().apply(scene).endsWith("/read")) {
            body = "{\"lastReadMessageId\":\"" + scene.bobsMessage() + "\"}";
        } else if (body == null && access.method().equals("POST") && access.path().apply(scene).endsWith("/members")) {
            body = "{\"userId\":\"" + who.id() + "\"}";
        }

        ApiResponse response = api.call(access.method(), ApiClient.V1 + access.path().apply(scene), who.token(), body);

        assertRefusedCleanly(scene, response, access.status(), access.code());
        if (who != scene.alice()) {
            assertThat(who.rooms().valueStream().map(room -> room.path("roomId").stringValue()))
                    .doesNotContain(scene.roomA());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.chatservice.it.web.HostileTokens#refused")
    void aTokenThatIsNotGoodEnoughIsUnauthorizedForReadsAndWritesAlike(HostileTokens.Case token) {
        Scene scene = scene();
        String minted = token.mint(hostileTokens(), scene.alice().id());

        List<ApiResponse> answers = List.of(
                api.call("GET", ApiClient.V1 + "/rooms/" + scene.roomA(), minted, null),
                api.call("GET", ApiClient.V1 + scene.messages() + "?sinceSeq=0", minted, null),
                api.call("POST", ApiClient.V1 + scene.messages(), minted,
                        "{\"clientMsgId\":\"c-t\",\"content\":\"" + SECRET + "\"}"),
                api.call("DELETE", ApiClient.V1 + scene.message(scene.alicesMessage()), minted, null));

        for (ApiResponse answer : answers) {
            assertProblem(answer, 401, "UNAUTHORIZED");
            assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertNothingLeaks(scene, answer);
            assertThat(answer.text()).doesNotContain(scene.alice().id(), minted);
        }
        assertNothingWritten(scene);
        assertStillServing(scene);
    }

    // Helpers

    private HostileTokens hostileTokens() {
        return new HostileTokens(secret);
    }

    private ApiResponse postBytes(ApiUser user, String path, byte[] body) {
        return api.send(api.request(ApiClient.V1 + path)
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
