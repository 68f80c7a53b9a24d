package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import io.chatservice.it.web.Tokens;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * CONNECT authenticates the bearer token of the native {@code Authorization} header with the same rules as
 * REST: a valid token opens a session for its {@code sub}; anything else gets an ERROR frame and a closed
 * connection. SockJS serves the same protocol.
 */
class StompConnectIT extends StompIntegrationTest {

    @Test
    void aValidTokenConnectsAndTheServerHonoursHeartBeats() {
        ApiUser alice = api.newUser("alice");

        StompConnection connection = connect(alice);

        assertThat(connection.isConnected()).isTrue();
        assertThat(connection.connectedHeaders().getFirst("version")).isEqualTo("1.2");
        long[] heartbeat = connection.connectedHeaders().getHeartbeat();
        // The server's CONNECTED says how often it sends and wants heart-beats; 0,0 would mean none at all.
        assertThat(heartbeat).as("heart-beat of CONNECTED %s", connection.connectedHeaders()).isNotNull();
        assertThat(heartbeat[0]).as("server sends heart-beats").isPositive();
        assertThat(heartbeat[1]).as("server expects heart-beats").isPositive();
    }

    @Test
    void theSessionActsAsTheTokensSubject() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection connection = connect(alice);
        connection.subscribe(Destinations.room(roomId));

        connection.sendAndAwaitAck(roomId, "c-1", "who am I");

        JsonNode message = connection.next(Destinations.room(roomId)).json().path("message");
        assertThat(message.path("senderId").stringValue()).isEqualTo(alice.id());
        assertThat(message.path("senderName").stringValue()).isEqualTo("alice");
    }

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                Arguments.of("no Authorization header", (Function<Tokens, @Nullable String>) tokens -> null),
                Arguments.of("a malformed token", (Function<Tokens, String>) tokens -> "not-a-jwt"),
                Arguments.of("three parts of garbage", (Function<Tokens, String>) tokens -> "eyJ.eyJ.sig"),
                Arguments.of("a token signed with another secret",
                        (Function<Tokens, String>) tokens -> tokens.signedWithAnotherSecret("mallory")),
                Arguments.of("an expired token", (Function<Tokens, String>) tokens -> tokens.expired("alice")),
                Arguments.of("an unsigned token (alg none)",
                        (Function<Tokens, String>) tokens -> tokens.unsigned("alice")),
                Arguments.of("a token without subject", (Function<Tokens, String>) Tokens::withoutSubject));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void connectWithoutAValidTokenGetsAnUnauthorizedErrorFrameAndTheConnectionIsClosed(
            String description, Function<Tokens, @Nullable String> token) {
        StompRefusal refusal = stomp.connectExpectingError(token.apply(tokens()));

        assertThat(refusal.error().header("message") + " " + refusal.error().text())
                .as("ERROR frame %s", refusal.error())
                .contains("UNAUTHORIZED");
        assertThat(refusal.closeStatus()).as("the connection was closed").isNotNull();
        // An error frame explains, it does not leak how the server is built.
        assertThat(refusal.error().header("message") + refusal.error().text())
                .doesNotContain("Exception", "at io.", "at org.", "io.chatservice");
    }

    @Test
    void sockJsEndpointConnectsSubscribesAndReceivesEvents() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection connection = connectSockJs(alice);
        connection.subscribe(Destinations.room(roomId));

        String messageId = alice.sendId(roomId, "over SockJS");

        ReceivedFrame event = connection.event(roomId, "MESSAGE_SENT", messageId);
        assertThat(event.json().path("message").path("content").stringValue()).isEqualTo("over SockJS");

        connection.sendAndAwaitAck(roomId, "c-sockjs", "sent over SockJS");
        assertThat(alice.timeline(roomId).path("messages").valueStream()
                        .map(message -> message.path("content").stringValue()))
                .contains("sent over SockJS");
    }
}
