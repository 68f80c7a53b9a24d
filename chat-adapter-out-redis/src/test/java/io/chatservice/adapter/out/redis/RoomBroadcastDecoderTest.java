package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class RoomBroadcastDecoderTest {

    private static final RoomId ROOM = RoomId.of("r-1");
    private static final String CHANNEL = "chat:room:r-1";

    private final RoomBroadcastEncoder encoder = new RoomBroadcastEncoder(JsonMapper.shared());
    private final ThrottledWarnings warnings = mock(ThrottledWarnings.class);
    private final RoomBroadcastDecoder decoder = new RoomBroadcastDecoder(JsonMapper.shared(), warnings);

    @Test
    void everyRoomEventDecodesToWhatWasPublishedWithTheSameBody() {
        MessageSent sent = TestEvents.sent(ROOM, 42, "h\u00e9 \uD83D\uDE00 </script>");
        List<RoomEvent> events = List.of(
                sent,
                sent.message().editBy(UserId.of("alice"), MessageContent.of("hello"), 43, TestEvents.EDITED),
                sent.message().deleteBy(UserId.of("alice"), false, 44, TestEvents.DELETED),
                TestEvents.joined(ROOM, 45, "bob", "Bob"),
                TestEvents.left(ROOM, 46, "bob"));

        for (RoomEvent event : events) {
            RoomBroadcast published = encoder.encode(event);

            Optional<RoomBroadcast> received = decoder.decode(CHANNEL, published.json());

            assertThat(received).as(RoomBroadcastEncoder.typeOf(event)).contains(published);
            assertThat(received.orElseThrow().json()).isSameAs(published.json());
        }
    }

    @Test
    void memberLeftNamesWhoLeft() {
        RoomBroadcast received = decoder.decode(CHANNEL, encoder.encode(TestEvents.left(ROOM, 8, "bob")).json())
                .orElseThrow();

        assertThat(received.departedMember()).isEqualTo(UserId.of("bob"));
        assertThat(received.seq()).isEqualTo(8);
    }

    @Test
    void typingDecodesAsAnEphemeralBroadcast() {
        RoomBroadcast published = encoder.encodeTyping(ROOM, UserId.of("bob"), true);

        assertThat(decoder.decode(CHANNEL, published.json())).contains(published);
    }

    @Test
    void presenceDecodesAsAnEphemeralBroadcastWithTheBodyAsReceived() {
        String body = "{\"type\":\"PRESENCE\",\"roomId\":\"r-1\",\"userId\":\"bob\",\"online\":false}";

        RoomBroadcast received = decoder.decode(CHANNEL, body).orElseThrow();

        assertThat(received).isEqualTo(new RoomBroadcast(ROOM, RoomBroadcast.Kind.PRESENCE, 0, null, body));
        assertThat(received.json()).isSameAs(body);
        assertThat(decoder.decode(CHANNEL, encoder.encodePresence(ROOM, UserId.of("bob"), true).json()))
                .contains(encoder.encodePresence(ROOM, UserId.of("bob"), true));
    }

    @Test
    void theRoomComesFromTheChannelAndMayContainPatternCharacters() {
        RoomId room = RoomId.of("r*?[x]");
        RoomBroadcast published = encoder.encodeTyping(room, UserId.of("bob"), false);

        assertThat(decoder.decode(RoomChannels.channel(room), published.json())).contains(published);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "{\"type\":\"MESSAGE_SENT\",\"seq\":",
        "[]",
        "\"MESSAGE_SENT\"",
        "{\"seq\":1}",
        "{\"type\":7,\"seq\":1}",
        "{\"type\":\"MESSAGE_PINNED\",\"seq\":1}",
        "{\"type\":\"MESSAGE_SENT\"}",
        "{\"type\":\"MESSAGE_SENT\",\"seq\":\"1\"}",
        "{\"type\":\"MESSAGE_SENT\",\"seq\":0}",
        "{\"type\":\"MESSAGE_SENT\",\"seq\":-3}",
        "{\"type\":\"MESSAGE_SENT\",\"seq\":1.5}",
        "{\"type\":\"MESSAGE_SENT\",\"seq\":99999999999999999999999}",
        "{\"type\":\"MEMBER_LEFT\",\"seq\":3}",
        "{\"type\":\"MEMBER_LEFT\",\"seq\":3,\"message\":{\"senderId\":null}}",
        "{\"type\":\"MEMBER_LEFT\",\"seq\":3,\"message\":{\"senderId\":\"a/b\"}}"
    })
    void aPayloadThisVersionCannotReadIsDroppedWithAWarning(String body) {
        assertThat(decoder.decode(CHANNEL, body)).isEmpty();

        verify(warnings).warn(anyString(), eq("channel " + CHANNEL + ", " + body.length() + " characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other:r-1", "chat:room:", "chat:room:a/b"})
    void aChannelThatIsNotAValidRoomsIsDropped(String channel) {
        String body = encoder.encodeTyping(ROOM, UserId.of("bob"), true).json();

        assertThat(decoder.decode(channel, body)).isEmpty();

        verify(warnings).warn(anyString(), anyString());
    }
}
