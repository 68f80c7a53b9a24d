package io.chatservice.it.web;

import static io.chatservice.it.web.ApiAssertions.assertUnreadableBody;
import static io.chatservice.it.web.ApiAssertions.assertValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * VALIDATION_FAILED (400): every kind of bad input is refused as problem details naming the field where one is
 * to blame, and a refused write leaves the room exactly as it was.
 */
class ValidationErrorsIT extends RestApiTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"clientMsgId\": \"c-1\", \"content\": }",
        "{clientMsgId: 'c-1', content: 'hi'}",
        "{\"clientMsgId\": \"c-1\" \"content\": \"hi\"}",
        "{\"clientMsgId\": \"c-1\", \"content\": \"hi\"}}",
        "not json at all"
    })
    void malformedJsonIsRefusedAndNothingIsSent(String body) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertUnreadableBody(alice.postJson("/rooms/" + roomId + "/messages", body));

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"clientMsgId\": \"c-1\", \"content\": \"hel",
        "{\"clientMsgId\": \"c-1\", \"content\": \"hello\"",
        "{\"clientMsgId\": \"c-1\", \"con",
        "{",
        ""
    })
    void truncatedJsonIsRefusedAndNothingIsSent(String body) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertUnreadableBody(alice.postJson("/rooms/" + roomId + "/messages", body));

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"clientMsgId\": \"c-1\", \"content\": \"hi\"}]", "\"hi\"", "42", "null"})
    void bodyThatIsNotAJsonObjectIsRefusedAndNothingIsSent(String body) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertUnreadableBody(alice.postJson("/rooms/" + roomId + "/messages", body));

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    static Stream<Arguments> fieldsOfTheWrongJsonType() {
        return Stream.of(
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": 42}", "content"),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": true}", "content"),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": [\"hi\"]}", "content"),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": {\"text\": \"hi\"}}", "content"),
                Arguments.of("{\"clientMsgId\": 17, \"content\": \"hi\"}", "clientMsgId"),
                Arguments.of("{\"clientMsgId\": false, \"content\": \"hi\"}", "clientMsgId"),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": \"hi\", \"type\": 0}", "type"));
    }

    @ParameterizedTest
    @MethodSource("fieldsOfTheWrongJsonType")
    void fieldOfTheWrongJsonTypeIsRefusedNamingItAndNothingIsSent(String body, String field) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertValidationFailed(alice.postJson("/rooms/" + roomId + "/messages", body), field);

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("{\"content\": \"hi\"}", List.of("clientMsgId")),
                Arguments.of("{\"clientMsgId\": \"c-1\"}", List.of("content")),
                Arguments.of("{\"clientMsgId\": null, \"content\": \"hi\"}", List.of("clientMsgId")),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": null}", List.of("content")),
                Arguments.of("{}", List.of("clientMsgId", "content")));
    }

    @ParameterizedTest
    @MethodSource("missingFields")
    void missingFieldsAreRefusedNamingThemAndNothingIsSent(String body, List<String> fields) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        JsonNode problem = assertValidationFailed(alice.postJson("/rooms/" + roomId + "/messages", body), fields.get(0));

        assertThat(ApiAssertions.errorFields(problem)).containsAll(fields);
        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    static Stream<String> invalidContents() {
        return Stream.of(
                "",
                " ",
                " \t\r\n \u3000 ",
                "\u0000",
                "before\u0000after",
                "a".repeat(4001),
                "\uD83D\uDE00".repeat(4001),
                "  " + "b".repeat(4001) + "  ");
    }

    @ParameterizedTest
    @MethodSource("invalidContents")
    void invalidContentIsRefusedAndNothingIsSent(String content) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertValidationFailed(alice.trySend(roomId, "c-1", content), "content");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("invalidContents")
    void editWithInvalidContentIsRefusedAndTheMessageStaysAsItWas(String content) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String messageId = alice.sendId(roomId, "original");
        JsonNode before = alice.timeline(roomId);

        assertValidationFailed(
                alice.patch("/rooms/" + roomId + "/messages/" + messageId, Map.of("content", content)), "content");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    static Stream<Arguments> unpairedSurrogates() {
        return Stream.of(
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": \"a\\ud800b\"}", "content"),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": \"\\udc00\"}", "content"),
                Arguments.of("{\"clientMsgId\": \"c-1\", \"content\": \"\\ude00\\ud83d\"}", "content"),
                Arguments.of("{\"clientMsgId\": \"\\udc00\", \"content\": \"hi\"}", "clientMsgId"));
    }

    /**
     * JSON can spell a lone UTF-16 surrogate ({@code "\\ud800"}), which is no Unicode character and which
     * PostgreSQL cannot store in UTF-8: the driver writes {@code ?} instead. Accepting it means acknowledging
     * content that is not what gets stored (and, for a clientMsgId, colliding with a real {@code "?"}).
     */
    @ParameterizedTest
    @MethodSource("unpairedSurrogates")
    void textWithAnUnpairedSurrogateIsRefusedRatherThanStoredAltered(String body, String field) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertValidationFailed(alice.postJson("/rooms/" + roomId + "/messages", body), field);

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\u0007bell", "\u0000"})
    void invalidClientMsgIdIsRefusedAndNothingIsSent(String clientMsgId) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertValidationFailed(alice.trySend(roomId, clientMsgId, "hi"), "clientMsgId");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void clientMsgIdLongerThan64CharactersIsRefusedAndNothingIsSent() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertValidationFailed(alice.trySend(roomId, "k".repeat(65), "hi"), "clientMsgId");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JOIN", "LEAVE", "text", "IMAGE", ""})
    void sendTypeOtherThanTextIsRefusedAndNothingIsSent(String type) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        ApiResponse response = alice.post(
                "/rooms/" + roomId + "/messages", Map.of("clientMsgId", "c-1", "content", "hi", "type", type));

        assertValidationFailed(response, "type");
        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void explicitTextTypeIsAccepted() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        ApiResponse response = alice.post(
                "/rooms/" + roomId + "/messages", Map.of("clientMsgId", "c-1", "content", "hi", "type", "TEXT"));

        assertThat(response.expect(201).path("type").stringValue()).isEqualTo("TEXT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=-1", "limit=abc", "limit=1.5", "limit=99999999999"})
    void limitOutsideOneTo200IsRefusedForHistoryAndSync(String limit) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String messageId = alice.sendId(roomId, "hi");

        assertValidationFailed(alice.get("/rooms/" + roomId + "/messages?" + limit), "limit");
        assertValidationFailed(alice.get("/rooms/" + roomId + "/messages?before=" + messageId + "&" + limit), "limit");
        assertValidationFailed(alice.get("/rooms/" + roomId + "/messages?after=" + messageId + "&" + limit), "limit");
        assertValidationFailed(alice.get("/rooms/" + roomId + "/messages?sinceSeq=0&" + limit), "limit");
    }

    @Test
    void limitsOfOneAnd200AreAccepted() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        alice.send(roomId, "hi");

        assertThat(alice.history(roomId, "limit=1").path("messages")).hasSize(1);
        assertThat(alice.history(roomId, "limit=200").path("messages")).hasSize(2);
        assertThat(alice.sync(roomId, "sinceSeq=0&limit=1").path("messages")).hasSize(1);
        assertThat(alice.sync(roomId, "sinceSeq=0&limit=200").path("messages")).hasSize(2);
    }

    @Test
    void historyAndSyncCursorsTogetherAreRefused() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String messageId = alice.sendId(roomId, "hi");
        String messages = "/rooms/" + roomId + "/messages?";

        assertValidationFailed(alice.get(messages + "before=" + messageId + "&after=" + messageId), "before");
        assertValidationFailed(alice.get(messages + "before=" + messageId + "&sinceSeq=0"), "before");
        assertValidationFailed(alice.get(messages + "after=" + messageId + "&sinceSeq=0"), "sinceSeq");
        assertValidationFailed(alice.get(messages + "sinceSeq=-1"), "sinceSeq");
        assertValidationFailed(alice.get(messages + "sinceSeq=latest"), "sinceSeq");
        assertValidationFailed(alice.get(messages + "sinceSeq="), "sinceSeq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SECRET", "public", "Private", "", " PUBLIC"})
    void createRoomWithAnUnknownVisibilityIsRefusedAndCreatesNothing(String visibility) {
        ApiUser alice = api.newUser("alice");

        ApiResponse response = alice.post("/rooms", Map.of("name", "a room", "visibility", visibility));

        assertValidationFailed(response, "visibility");
        assertThat(alice.rooms()).isEmpty();
    }

    static Stream<Arguments> invalidRoomBodies() {
        return Stream.of(
                Arguments.of("{\"name\": \"a room\", \"visibility\": 1}", "visibility"),
                Arguments.of("{\"name\": \"a room\"}", "visibility"),
                Arguments.of("{\"visibility\": \"PUBLIC\"}", "name"),
                Arguments.of("{\"name\": \"   \", \"visibility\": \"PUBLIC\"}", "name"),
                Arguments.of("{\"name\": \"" + "n".repeat(101) + "\", \"visibility\": \"PUBLIC\"}", "name"),
                Arguments.of("{\"name\": 7, \"visibility\": \"PUBLIC\"}", "name"),
                Arguments.of("{\"name\": \"a room\", \"visibility\": \"PUBLIC\", \"memberIds\": \"bob\"}", "memberIds"),
                Arguments.of("{\"name\": \"a room\", \"visibility\": \"PUBLIC\", \"memberIds\": [\"bob\", \"\"]}",
                        "memberIds[1]"),
                Arguments.of("{\"name\": \"a room\", \"visibility\": \"PUBLIC\", \"memberIds\": [\"bob\", 3]}",
                        "memberIds[1]"),
                Arguments.of("{\"name\": \"a room\", \"visibility\": \"PUBLIC\", \"memberIds\": [\"" + "u".repeat(65)
                        + "\"]}", "memberIds[0]"));
    }

    @ParameterizedTest
    @MethodSource("invalidRoomBodies")
    void createRoomWithAnInvalidFieldIsRefusedNamingItAndCreatesNothing(String body, String field) {
        ApiUser alice = api.newUser("alice");

        assertValidationFailed(alice.postJson("/rooms", body), field);

        assertThat(alice.rooms()).isEmpty();
    }

    @Test
    void addMemberWithoutAValidUserIdIsRefusedAndAddsNobody() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);
        Map<String, Object> nullUserId = new HashMap<>();
        nullUserId.put("userId", null);

        assertValidationFailed(alice.postJson("/rooms/" + roomId + "/members", "{}"), "userId");
        assertValidationFailed(alice.post("/rooms/" + roomId + "/members", nullUserId), "userId");
        assertValidationFailed(alice.post("/rooms/" + roomId + "/members", Map.of("userId", "")), "userId");
        assertValidationFailed(alice.post("/rooms/" + roomId + "/members", Map.of("userId", "x".repeat(65))), "userId");
        assertValidationFailed(alice.postJson("/rooms/" + roomId + "/members", "{\"userId\": 42}"), "userId");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void markReadWithoutAValidMessageIdIsRefusedAndLeavesTheMarker() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        alice.send(roomId, "hi");
        JsonNode before = bob.unread(roomId);

        assertValidationFailed(bob.postJson("/rooms/" + roomId + "/read", "{}"), "lastReadMessageId");
        assertValidationFailed(bob.post("/rooms/" + roomId + "/read", Map.of("lastReadMessageId", "")), "lastReadMessageId");
        assertValidationFailed(bob.postJson("/rooms/" + roomId + "/read", "{\"lastReadMessageId\": 1}"),
                "lastReadMessageId");

        assertThat(bob.unread(roomId)).isEqualTo(before);
        assertThat(before.path("unreadCount").longValue()).isEqualTo(1);
    }
}
