package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SUBSCRIBE is for members only. A refused subscription delivers nothing from that room and says so on
 * {@code /user/queue/errors} with its subscription id, while the connection goes on serving the user's other
 * rooms; a member who leaves or is removed stops receiving the room.
 */
class StompSubscribeIT extends StompIntegrationTest {

    @Test
    void aMemberSubscribesToTheRoomItsTypingAndItsPresence() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection connection = connect(alice);

        // Each subscribe waits for the server's RECEIPT.
        connection.subscribe(Destinations.room(roomId));
        connection.subscribe(Destinations.typing(roomId));
        connection.subscribe(Destinations.presence(roomId));

        String messageId = alice.sendId(roomId, "to my subscribers");
        assertThat(connection.event(roomId, "MESSAGE_SENT", messageId).json().path("roomId").stringValue())
                .isEqualTo(roomId);
    }

    static Stream<Arguments> roomDestinations() {
        return Stream.of(
                Arguments.of("room events", (UnaryOperator<String>) Destinations::room),
                Arguments.of("typing", (UnaryOperator<String>) Destinations::typing),
                Arguments.of("presence", (UnaryOperator<String>) Destinations::presence));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roomDestinations")
    void aNonMemberIsRefusedAndReceivesNothingWhileItsOtherSubscriptionsGoOn(
            String kind, UnaryOperator<String> destinationOf) {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser eve = api.newUser("eve");
        String privateRoom = alice.createPrivateRoomWith(bob);
        String evesRoom = eve.createRoomWith();
        StompConnection witness = connect(bob);
        witness.subscribe(Destinations.room(privateRoom));
        witness.subscribe(Destinations.typing(privateRoom));
        StompConnection evesConnection = connect(eve);
        evesConnection.subscribe(Destinations.room(evesRoom));

        String refusedDestination = destinationOf.apply(privateRoom);
        ReceivedFrame refusal = evesConnection.subscribeRefused(refusedDestination);

        assertThat(refusal.field("code")).isEqualTo("FORBIDDEN");
        assertThat(refusal.field("message")).isNotBlank();
        assertThat(refusal.json().path("destination").isMissingNode()
                        || refusedDestination.equals(refusal.field("destination")))
                .as("destination of %s, if named, is the refused one", refusal)
                .isTrue();

        // The room goes on: a message and a typing signal, which the member sees...
        StompConnection alices = connect(alice);
        String secret = alice.sendId(privateRoom, "members only");
        alices.send(Destinations.sendTyping(privateRoom), Map.of("typing", true));
        witness.event(privateRoom, "MESSAGE_SENT", secret);
        witness.next(Destinations.typing(privateRoom), frame -> alice.id().equals(frame.field("userId")),
                "alice typing");
        // ...and once something later reached eve on the same connection, nothing of the private room did.
        String marker = eve.sendId(evesRoom, "my own room still works");
        evesConnection.event(evesRoom, "MESSAGE_SENT", marker);
        assertThat(evesConnection.pending(refusedDestination)).isEmpty();
        assertThat(evesConnection.isConnected()).isTrue();
    }

    @Test
    void aSubscriptionToARoomThatDoesNotExistIsRefused() {
        ApiUser alice = api.newUser("alice");
        StompConnection connection = connect(alice);

        ReceivedFrame refusal = connection.subscribeRefused(Destinations.room("no-such-room-" + UUID.randomUUID()));

        // As over REST, where a room that does not exist is 404 to everyone.
        assertThat(refusal.field("code")).isEqualTo("NOT_FOUND");
        assertThat(connection.isConnected()).isTrue();
    }

    static Stream<Arguments> unknownDestinations() {
        return Stream.of(
                Arguments.of("a room's unknown sub-topic", (UnaryOperator<String>) room -> "/topic/rooms/" + room + "/secrets"),
                Arguments.of("typing with a suffix", (UnaryOperator<String>) room -> Destinations.typing(room) + "/x"),
                Arguments.of("the rooms prefix alone", (UnaryOperator<String>) room -> "/topic/rooms"),
                Arguments.of("a wildcard", (UnaryOperator<String>) room -> "/topic/rooms/*"),
                Arguments.of("a topic outside the API", (UnaryOperator<String>) room -> "/topic/everything"),
                Arguments.of("a broker queue directly", (UnaryOperator<String>) room -> "/queue/acks"),
                Arguments.of("an application destination", (UnaryOperator<String>) room -> Destinations.messages(room)),
                Arguments.of("another user queue", (UnaryOperator<String>) room -> "/user/queue/secrets"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownDestinations")
    void subscriptionsToDestinationsOutsideTheApiAreRefused(String kind, UnaryOperator<String> destinationOf) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection connection = connect(alice);
        connection.subscribe(Destinations.room(roomId));
        String destination = destinationOf.apply(roomId);

        ReceivedFrame refusal = connection.subscribeRefused(destination);

        // The contract asks for a refusal; whether "no such destination" or "not for you" is the server's call.
        assertThat(refusal.field("code")).as("refusal %s", refusal).isIn("NOT_FOUND", "FORBIDDEN");
        String marker = alice.sendId(roomId, "still connected");
        connection.event(roomId, "MESSAGE_SENT", marker);
        assertThat(connection.pending(destination)).isEmpty();
    }

    @Test
    void anotherUsersAcksCannotBeSubscribedTo() {
        ApiUser bob = api.newUser("bob");
        ApiUser eve = api.newUser("eve");
        String bobsRoom = bob.createRoomWith();
        StompConnection bobs = connect(bob);
        StompConnection eves = connect(eve);
        String bobsAcks = "/user/" + bob.id() + "/queue/acks";

        ReceivedFrame refusal = eves.subscribeRefused(bobsAcks);
        assertThat(refusal.field("code")).isIn("NOT_FOUND", "FORBIDDEN");

        bobs.sendAndAwaitAck(bobsRoom, "c-private", "my ack is mine");
        // eve's own ack arriving after bob's shows eve's session is served, and bob's ack never came to her.
        String evesRoom = eve.createRoomWith();
        eves.sendAndAwaitAck(evesRoom, "c-eve", "mine");
        assertThat(eves.pending(bobsAcks)).isEmpty();
        assertThat(eves.pending(StompConnection.ACKS)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"leaves", "is removed by the owner"})
    void aMemberWhoLeavesStopsReceivingTheRoom(String how) {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser carol = api.newUser("carol");
        String roomId = alice.createRoomWith(bob, carol);
        String bobsOtherRoom = bob.createRoomWith();
        StompConnection bobs = connect(bob);
        String bobsRoomSubscription = bobs.subscribe(Destinations.room(roomId));
        bobs.subscribe(Destinations.typing(roomId));
        bobs.subscribe(Destinations.room(bobsOtherRoom));
        StompConnection carols = connect(carol);
        carols.subscribe(Destinations.room(roomId));
        carols.subscribe(Destinations.typing(roomId));
        StompConnection alices = connect(alice);

        if (how.equals("leaves")) {
            bob.removeMember(roomId, bob);
        } else {
            alice.removeMember(roomId, bob);
        }

        ReceivedFrame left = bobs.next(Destinations.room(roomId));
        assertThat(left.field("type")).isEqualTo("MEMBER_LEFT");
        assertThat(left.json().path("message").path("type").stringValue()).isEqualTo("LEAVE");
        ReceivedFrame notice = bobs.next(StompConnection.ERRORS,
                frame -> bobsRoomSubscription.equals(frame.field("subscriptionId")),
                "the notice that the room subscription ended");
        assertThat(notice.field("code")).isEqualTo("FORBIDDEN");

        // The room goes on without bob: carol sees a message and alice typing...
        String afterwards = alice.sendId(roomId, "bob is gone");
        alices.send(Destinations.sendTyping(roomId), Map.of("typing", true));
        carols.event(roomId, "MESSAGE_SENT", afterwards);
        carols.next(Destinations.typing(roomId), frame -> alice.id().equals(frame.field("userId")), "alice typing");
        // ...and bob, served on the same connection in his own room afterwards, saw none of it.
        String marker = bob.sendId(bobsOtherRoom, "my own room");
        bobs.event(bobsOtherRoom, "MESSAGE_SENT", marker);
        assertThat(bobs.pending(Destinations.room(roomId))).isEmpty();
        assertThat(bobs.pending(Destinations.typing(roomId))).isEmpty();
        assertThat(bobs.isConnected()).isTrue();
    }

    @Test
    void aNewSubscriptionAfterLeavingIsRefused() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        String bobsOtherRoom = bob.createRoomWith();
        bob.removeMember(roomId, bob);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(bobsOtherRoom));

        ReceivedFrame refusal = bobs.subscribeRefused(Destinations.room(roomId));

        assertThat(refusal.field("code")).isEqualTo("FORBIDDEN");
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));
        alices.event(roomId, "MESSAGE_SENT", alice.sendId(roomId, "not for former members"));
        String marker = bob.sendId(bobsOtherRoom, "my own room");
        bobs.event(bobsOtherRoom, "MESSAGE_SENT", marker);
        assertThat(bobs.pending(Destinations.room(roomId))).isEmpty();
    }
}
