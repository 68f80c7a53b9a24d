package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.adapter.in.ws.Destinations.DeleteMessage;
import io.chatservice.adapter.in.ws.Destinations.EditMessage;
import io.chatservice.adapter.in.ws.Destinations.MarkRead;
import io.chatservice.adapter.in.ws.Destinations.PostMessage;
import io.chatservice.adapter.in.ws.Destinations.RoomTopic;
import io.chatservice.adapter.in.ws.Destinations.TopicKind;
import io.chatservice.adapter.in.ws.Destinations.Typing;
import io.chatservice.adapter.in.ws.Destinations.UserQueue;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.RoomId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationsTest {

    private static final RoomId ROOM = RoomId.of("r-1");

    @Test
    void roomTopicsAndUserQueuesAreSubscribable() {
        assertThat(Destinations.subscribeTarget("/topic/rooms/r-1")).isEqualTo(new RoomTopic(ROOM, TopicKind.EVENTS));
        assertThat(Destinations.subscribeTarget("/topic/rooms/r-1/typing"))
                .isEqualTo(new RoomTopic(ROOM, TopicKind.TYPING));
        assertThat(Destinations.subscribeTarget("/topic/rooms/r-1/presence"))
                .isEqualTo(new RoomTopic(ROOM, TopicKind.PRESENCE));
        assertThat(Destinations.subscribeTarget("/user/queue/acks")).isEqualTo(UserQueue.ACKS);
        assertThat(Destinations.subscribeTarget("/user/queue/errors")).isEqualTo(UserQueue.ERRORS);
    }

    @Test
    void idsAreTakenAsTheyAreIncludingCharactersThatAreSpecialElsewhere() {
        assertThat(Destinations.subscribeTarget("/topic/rooms/a*b|c:d"))
                .isEqualTo(new RoomTopic(RoomId.of("a*b|c:d"), TopicKind.EVENTS));
        assertThat(Destinations.sendRoute("/app/rooms/a*b/messages")).isEqualTo(new PostMessage(RoomId.of("a*b")));
    }

    @Test
    void aRoomTopicNamesItsDestinationBack() {
        assertThat(new RoomTopic(ROOM, TopicKind.EVENTS).destination()).isEqualTo("/topic/rooms/r-1");
        assertThat(new RoomTopic(ROOM, TopicKind.TYPING).destination()).isEqualTo("/topic/rooms/r-1/typing");
        assertThat(new RoomTopic(ROOM, TopicKind.PRESENCE).destination()).isEqualTo("/topic/rooms/r-1/presence");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/topic/rooms", "/topic/rooms/r-1/other", "/topic/rooms/r-1/typing/x", "/topic/other",
            "/queue/acks", "/queue/acks-userabc", "/user/queue/other", "/user/alice/queue/acks", "/app/rooms/r-1",
            "/topic/rooms/r-1/"})
    void anythingElseIsNotFoundForSubscribe(String destination) {
        assertThatThrownBy(() -> Destinations.subscribeTarget(destination))
                .isInstanceOfSatisfying(StompRequestException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/topic/rooms/", "/topic/rooms//typing", "/topic/rooms/../typing"})
    void anInvalidRoomIdInATopicIsAValidationError(String destination) {
        assertThatThrownBy(() -> Destinations.subscribeTarget(destination)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aSubscribeWithoutDestinationIsAValidationError(String destination) {
        assertThatThrownBy(() -> Destinations.subscribeTarget(destination))
                .isInstanceOfSatisfying(StompRequestException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void theSendRoutesOfTheContract() {
        MessageId message = MessageId.of("m-1");
        assertThat(Destinations.sendRoute("/app/rooms/r-1/messages")).isEqualTo(new PostMessage(ROOM));
        assertThat(Destinations.sendRoute("/app/rooms/r-1/messages/m-1/edit")).isEqualTo(new EditMessage(ROOM, message));
        assertThat(Destinations.sendRoute("/app/rooms/r-1/messages/m-1/delete"))
                .isEqualTo(new DeleteMessage(ROOM, message));
        assertThat(Destinations.sendRoute("/app/rooms/r-1/typing")).isEqualTo(new Typing(ROOM));
        assertThat(Destinations.sendRoute("/app/rooms/r-1/read")).isEqualTo(new MarkRead(ROOM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/topic/rooms/r-1", "/queue/acks-userx", "/user/queue/errors", "/user/bob/queue/acks",
            "/approoms/r-1/messages", "rooms/r-1/messages"})
    void sendingOutsideAppIsForbidden(String destination) {
        assertThatThrownBy(() -> Destinations.sendRoute(destination))
                .isInstanceOfSatisfying(StompRequestException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/rooms/r-1", "/app/rooms/r-1/messages/m-1", "/app/rooms/r-1/messages/m-1/pin",
            "/app/rooms/r-1/other", "/app/other", "/app/rooms/r-1/messages/m-1/edit/x"})
    void unknownAppDestinationsAreNotFound(String destination) {
        assertThatThrownBy(() -> Destinations.sendRoute(destination))
                .isInstanceOfSatisfying(StompRequestException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/rooms//messages", "/app/rooms/../typing", "/app/rooms/r-1/messages//edit"})
    void invalidIdsInAKnownRouteAreValidationErrors(String destination) {
        assertThatThrownBy(() -> Destinations.sendRoute(destination)).isInstanceOf(InvalidInputException.class);
    }
}
