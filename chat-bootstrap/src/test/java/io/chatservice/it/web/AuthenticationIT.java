package io.chatservice.it.web;

import static io.chatservice.it.web.ApiAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * UNAUTHORIZED (401): every request needs an HS256 token signed with the configured secret, with a subject and
 * an expiry that has not passed. A refused token writes nothing, even when it names a real member.
 */
class AuthenticationIT extends RestApiTest {

    @Test
    void requestWithoutATokenIsUnauthorizedWithABearerChallenge() {
        ApiResponse response = api.call("GET", ApiClient.V1 + "/rooms", null, null);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
    }

    @Test
    void sendWithoutATokenIsUnauthorizedAndNothingIsSent() {
        assertRefusedAndNothingSent(null);
    }

    @Test
    void expiredTokenIsUnauthorizedAndNothingIsSent() {
        assertRefusedAndNothingSent(Tokens::expired);
    }

    @Test
    void tokenWithoutAnExpiryIsUnauthorizedAndNothingIsSent() {
        assertRefusedAndNothingSent(Tokens::withoutExpiry);
    }

    @Test
    void tokenSignedWithAnotherSecretIsUnauthorizedAndNothingIsSent() {
        assertRefusedAndNothingSent(Tokens::signedWithAnotherSecret);
    }

    @Test
    void unsignedTokenWithAlgNoneIsUnauthorizedAndNothingIsSent() {
        assertRefusedAndNothingSent(Tokens::unsigned);
    }

    @Test
    void tokenWithoutASubjectIsUnauthorizedAndNothingIsSent() {
        assertRefusedAndNothingSent((tokens, userId) -> tokens.withoutSubject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer not-a-jwt", "Bearer a.b.c", "Basic YWxpY2U6c2VjcmV0", "alice"})
    void malformedAuthorizationHeaderIsUnauthorized(String header) {
        HttpRequest request = api.request(ApiClient.V1 + "/rooms").header("Authorization", header).GET().build();

        assertProblem(api.send(request), 401, "UNAUTHORIZED");
    }

    @Test
    void tokenFromTheDevTokenEndpointIsAcceptedAndCarriesTheDisplayName() {
        String userId = api.newUser("dev").id();

        ApiResponse issued = api.call("POST", "/api/dev/tokens", null,
                ApiClient.json(Map.of("userId", userId, "name", "Dev User")));

        String token = issued.expect(200).path("token").stringValue();
        assertThat(issued.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(token).isNotBlank();
        ApiUser dev = api.userWithToken(userId, token);
        String roomId = dev.createRoomWith();
        JsonNode message = dev.send(roomId, "hello from the demo page");
        assertThat(message.path("senderId").stringValue()).isEqualTo(userId);
        assertThat(message.path("senderName").stringValue()).isEqualTo("Dev User");
        assertThat(dev.room(roomId).path("members").get(0).path("userId").stringValue()).isEqualTo(userId);
    }

    /** Alice's room, a send with the broken token made for alice, then proof with a good token that nothing came. */
    private void assertRefusedAndNothingSent(@Nullable BrokenToken broken) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        JsonNode before = alice.timeline(roomId);
        String token = broken == null ? null : broken.mint(api.tokens(), alice.id());

        ApiResponse response = api.call("POST", ApiClient.V1 + "/rooms/" + roomId + "/messages", token,
                ApiClient.json(Map.of("clientMsgId", "c-1", "content", "should not land")));

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.text()).doesNotContain("should not land");
        assertThat(alice.timeline(roomId)).isEqualTo(before);
    }

    @FunctionalInterface
    private interface BrokenToken {
        String mint(Tokens tokens, String userId);
    }
}
