package io.chatservice.it.web;

import static io.chatservice.it.web.ApiAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * FORBIDDEN, NOT_FOUND, CONFLICT and PAYLOAD_TOO_LARGE through the real HTTP stack. Every refused write is
 * followed by a read that proves nothing was written.
 */
class ApiErrorsIT extends RestApiTest {

    /** Comfortably over the 64 KiB limit, far under anything a container would refuse by itself. */
    private static final int OVERSIZED_CONTENT = 70 * 1024;

    // Requests the servlet container refuses before the application sees them

    @Test
    void pathsTomcatRefusesByItselfStillGetProblemDetails() {
        ApiUser alice = api.newUser("alice");
        for (String path : List.of("/rooms/a%2Fb", "/rooms/a%00b/messages")) {
            assertProblem(alice.get(path), 400, "VALIDATION_FAILED");
        }
    }

    @Test
    void idsWithCharactersClientsOftenLeaveUnencodedReachTheApi() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        assertProblem(alice.getRaw("/rooms/auth0|room{1}"), 404, "NOT_FOUND");
        assertProblem(alice.getRaw("/rooms/" + roomId + "/messages?before=auth0|m[1]"), 404, "NOT_FOUND");
        assertProblem(alice.deleteRaw("/rooms/" + roomId + "/members/auth0|123"), 404, "NOT_FOUND");
    }

    // FORBIDDEN

    @Test
    void nonMemberCannotReadTheRoomItsHistorySyncOrUnreadCount() {
        ApiUser alice = api.newUser("alice");
        ApiUser eve = api.newUser("eve");
        String roomId = alice.createPrivateRoomWith();
        String messageId = alice.sendId(roomId, "for members only");
        String room = "/rooms/" + roomId;

        for (String path : List.of(
                room,
                room + "/messages",
                room + "/messages?before=" + messageId,
                room + "/messages?after=" + messageId,
                room + "/messages?sinceSeq=0",
                room + "/unread")) {
            JsonNode problem = assertProblem(eve.get(path), 403, "FORBIDDEN");
            assertThat(problem.toString()).doesNotContain("for members only", alice.id());
        }
    }

    @Test
    void nonMemberCannotSendAndNothingIsSent() {
        ApiUser alice = api.newUser("alice");
        ApiUser eve = api.newUser("eve");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertProblem(eve.trySend(roomId, "c-1", "let me in"), 403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(eve.rooms()).isEmpty();
    }

    @Test
    void nonMemberCannotEditDeleteOrMarkReadAndNothingChanges() {
        ApiUser alice = api.newUser("alice");
        ApiUser eve = api.newUser("eve");
        String roomId = alice.createRoomWith();
        String messageId = alice.sendId(roomId, "original");
        JsonNode before = alice.timeline(roomId);
        String message = "/rooms/" + roomId + "/messages/" + messageId;

        assertProblem(eve.patch(message, Map.of("content", "defaced")), 403, "FORBIDDEN");
        assertProblem(eve.delete(message), 403, "FORBIDDEN");
        assertProblem(eve.post("/rooms/" + roomId + "/read", Map.of("lastReadMessageId", messageId)),
                403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(eve.rooms()).isEmpty();
    }

    @Test
    void nonMemberCannotAddMembersEvenThemselves() {
        ApiUser alice = api.newUser("alice");
        ApiUser eve = api.newUser("eve");
        ApiUser mallory = api.newUser("mallory");
        String roomId = alice.createPrivateRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertProblem(eve.post("/rooms/" + roomId + "/members", Map.of("userId", mallory.id())), 403, "FORBIDDEN");
        assertProblem(eve.post("/rooms/" + roomId + "/members", Map.of("userId", eve.id())), 403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(alice.room(roomId).path("members")).hasSize(1);
    }

    @Test
    void editByANonAuthorIsForbiddenEvenForTheOwnerAndTheMessageStaysAsItWas() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        String alicesMessage = alice.sendId(roomId, "alice wrote this");
        String bobsMessage = bob.sendId(roomId, "bob wrote this");
        JsonNode before = alice.timeline(roomId);

        assertProblem(bob.patch("/rooms/" + roomId + "/messages/" + alicesMessage, Map.of("content", "bob did")),
                403, "FORBIDDEN");
        assertProblem(alice.patch("/rooms/" + roomId + "/messages/" + bobsMessage, Map.of("content", "owner did")),
                403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void deleteByAMemberWhoIsNeitherAuthorNorOwnerIsForbiddenAndTheMessageStays() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);
        String bobsMessage = bob.sendId(roomId, "bob wrote this");
        String alicesMessage = alice.sendId(roomId, "the owner wrote this");
        JsonNode before = alice.timeline(roomId);

        assertProblem(carol.delete("/rooms/" + roomId + "/messages/" + bobsMessage), 403, "FORBIDDEN");
        assertProblem(carol.delete("/rooms/" + roomId + "/messages/" + alicesMessage), 403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(alice.message(roomId, bobsMessage).path("content").stringValue()).isEqualTo("bob wrote this");
    }

    @Test
    void removingAnotherMemberWithoutBeingOwnerIsForbiddenAndEveryoneStays() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        ApiUser eve = api.newUser("eve");
        String roomId = alice.createRoomWith(bob, carol);
        JsonNode before = alice.timeline(roomId);
        JsonNode roomBefore = alice.room(roomId);

        assertProblem(bob.delete("/rooms/" + roomId + "/members/" + carol.id()), 403, "FORBIDDEN");
        assertProblem(bob.delete("/rooms/" + roomId + "/members/" + alice.id()), 403, "FORBIDDEN");
        assertProblem(eve.delete("/rooms/" + roomId + "/members/" + bob.id()), 403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(alice.room(roomId)).isEqualTo(roomBefore);
    }

    @Test
    void joiningAPrivateRoomIsForbiddenAndLeavesItUnchanged() {
        ApiUser alice = api.newUser("alice");
        ApiUser eve = api.newUser("eve");
        String roomId = alice.createPrivateRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertProblem(eve.postWithoutBody("/rooms/" + roomId + "/join"), 403, "FORBIDDEN");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(alice.room(roomId).path("members")).hasSize(1);
        assertThat(eve.rooms()).isEmpty();
        assertProblem(eve.get("/rooms/" + roomId), 403, "FORBIDDEN");
    }

    // NOT_FOUND

    @Test
    void unknownRoomIsNotFoundForEveryRoomEndpoint() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String room = "/rooms/" + UUID.randomUUID();
        String someMessage = UUID.randomUUID().toString();

        assertProblem(alice.get(room), 404, "NOT_FOUND");
        assertProblem(alice.postWithoutBody(room + "/join"), 404, "NOT_FOUND");
        assertProblem(alice.post(room + "/members", Map.of("userId", bob.id())), 404, "NOT_FOUND");
        assertProblem(alice.delete(room + "/members/" + alice.id()), 404, "NOT_FOUND");
        assertProblem(alice.post(room + "/messages", Map.of("clientMsgId", "c-1", "content", "hi")), 404, "NOT_FOUND");
        assertProblem(alice.patch(room + "/messages/" + someMessage, Map.of("content", "x")), 404, "NOT_FOUND");
        assertProblem(alice.delete(room + "/messages/" + someMessage), 404, "NOT_FOUND");
        assertProblem(alice.get(room + "/messages"), 404, "NOT_FOUND");
        assertProblem(alice.get(room + "/messages?sinceSeq=0"), 404, "NOT_FOUND");
        assertProblem(alice.post(room + "/read", Map.of("lastReadMessageId", someMessage)), 404, "NOT_FOUND");
        assertProblem(alice.get(room + "/unread"), 404, "NOT_FOUND");

        assertThat(alice.rooms()).isEmpty();
        assertThat(bob.rooms()).isEmpty();
    }

    @Test
    void unknownMessageIsNotFoundAndNothingChanges() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        alice.send(roomId, "hi");
        JsonNode before = alice.timeline(roomId);
        JsonNode unreadBefore = alice.unread(roomId);
        String unknown = UUID.randomUUID().toString();
        String messages = "/rooms/" + roomId + "/messages";

        assertProblem(alice.patch(messages + "/" + unknown, Map.of("content", "x")), 404, "NOT_FOUND");
        assertProblem(alice.delete(messages + "/" + unknown), 404, "NOT_FOUND");
        assertProblem(alice.post("/rooms/" + roomId + "/read", Map.of("lastReadMessageId", unknown)), 404, "NOT_FOUND");
        assertProblem(alice.get(messages + "?before=" + unknown), 404, "NOT_FOUND");
        assertProblem(alice.get(messages + "?after=" + unknown), 404, "NOT_FOUND");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(alice.unread(roomId)).isEqualTo(unreadBefore);
    }

    @Test
    void messageOfAnotherRoomIsNotFoundUntouchedAndNothingOfThatRoomLeaks() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        // Alice owns room A; in room B she is a plain member and the message is bob's, so only a lookup that
        // ignored the room in the path would let her edit, delete or read by it.
        String roomA = alice.createRoomWith();
        String roomB = bob.createPrivateRoomWith(alice);
        String secret = "the launch code is 0000 " + UUID.randomUUID();
        String foreignMessage = bob.sendId(roomB, secret);
        JsonNode roomABefore = alice.timeline(roomA);
        JsonNode roomBBefore = bob.timeline(roomB);
        JsonNode unreadBefore = alice.unread(roomA);
        String inRoomA = "/rooms/" + roomA + "/messages";

        List<ApiResponse> answers = List.of(
                alice.patch(inRoomA + "/" + foreignMessage, Map.of("content", "defaced")),
                alice.delete(inRoomA + "/" + foreignMessage),
                alice.post("/rooms/" + roomA + "/read", Map.of("lastReadMessageId", foreignMessage)),
                alice.get(inRoomA + "?before=" + foreignMessage),
                alice.get(inRoomA + "?after=" + foreignMessage));

        for (ApiResponse answer : answers) {
            assertProblem(answer, 404, "NOT_FOUND");
            assertThat(answer.text()).as("%s leaks room B", answer.request())
                    .doesNotContain(roomB, secret, bob.id(), "launch code");
        }
        assertThat(bob.timeline(roomB)).isEqualTo(roomBBefore);
        assertThat(alice.timeline(roomA)).isEqualTo(roomABefore);
        assertThat(alice.unread(roomA)).isEqualTo(unreadBefore);
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFoundAndChangesNothing() {
        ApiUser alice = api.newUser("alice");
        ApiUser stranger = api.newUser("stranger");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        assertProblem(alice.delete("/rooms/" + roomId + "/members/" + stranger.id()), 404, "NOT_FOUND");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    // CONFLICT

    @Test
    void editingADeletedMessageIsAConflictAndTheTombstoneStays() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String messageId = alice.sendId(roomId, "regrettable");
        JsonNode tombstone = alice.deleteMessage(roomId, messageId);
        JsonNode before = alice.timeline(roomId);

        JsonNode problem = assertProblem(
                alice.patch("/rooms/" + roomId + "/messages/" + messageId, Map.of("content", "back again")),
                409, "CONFLICT");

        assertThat(problem.toString()).doesNotContain("regrettable");
        assertThat(alice.timeline(roomId)).isEqualTo(before);
        assertThat(alice.message(roomId, messageId)).isEqualTo(tombstone);
    }

    @Test
    void editingOrDeletingAMembershipRecordIsAConflict() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);
        String joinRecord = before.path("messages").get(0).path("messageId").stringValue();
        String path = "/rooms/" + roomId + "/messages/" + joinRecord;

        assertProblem(alice.patch(path, Map.of("content", "I was never here")), 409, "CONFLICT");
        assertProblem(alice.delete(path), 409, "CONFLICT");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    // PAYLOAD_TOO_LARGE

    @Test
    void bodyOverTheLimitIsRefusedAndNothingIsSent() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);

        ApiResponse response = alice.trySend(roomId, "big-1", "x".repeat(OVERSIZED_CONTENT));

        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void bodyOfExactlyTheLimitIsReadAndOneByteMoreIsNot() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);
        String atTheLimit = bodyOfLength(64 * 1024);
        String overTheLimit = bodyOfLength(64 * 1024 + 1);

        // Read, then refused for its content (far over 4000 characters): the size limit let it through.
        ApiAssertions.assertValidationFailed(alice.postJson("/rooms/" + roomId + "/messages", atTheLimit), "content");
        assertProblem(alice.postJson("/rooms/" + roomId + "/messages", overTheLimit), 413, "PAYLOAD_TOO_LARGE");

        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeTheTokenIsEvenLookedAt() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);
        String body = ApiClient.json(Map.of("clientMsgId", "big-2", "content", "x".repeat(OVERSIZED_CONTENT)));

        ApiResponse response = api.call("POST", ApiClient.V1 + "/rooms/" + roomId + "/messages", null, body);

        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWhileBeingReadAndNothingIsSent() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);
        byte[] body = ApiClient.json(Map.of("clientMsgId", "big-3", "content", "y".repeat(OVERSIZED_CONTENT)))
                .getBytes(StandardCharsets.UTF_8);
        // A publisher of unknown length makes the client send Transfer-Encoding: chunked, no Content-Length.
        HttpRequest request = api.request(ApiClient.V1 + "/rooms/" + roomId + "/messages")
                .header("Authorization", "Bearer " + api.tokens().valid(alice.id(), "alice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body)))
                .build();

        ApiResponse response = api.send(request);

        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    /** A send body of exactly {@code bytes} bytes of UTF-8. */
    private static String bodyOfLength(int bytes) {
        String prefix = "{\"clientMsgId\": \"limit\", \"content\": \"";
        String suffix = "\"}";
        String body = prefix + "z".repeat(bytes - prefix.length() - suffix.length()) + suffix;
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return body;
    }
}
