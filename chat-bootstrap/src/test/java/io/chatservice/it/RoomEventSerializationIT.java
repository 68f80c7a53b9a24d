package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventSerializer;

/**
 * The outbox stores each room event as JSON and, after a crash, reads it back to hand it to the listeners
 * again. Every event type must survive that round trip unchanged, with the serializer the registry really uses.
 */
class RoomEventSerializationIT extends ChatIntegrationTest {

    @Autowired EventSerializer serializer;

    @Test
    void everyRoomEventTypeSurvivesTheOutboxRoundTrip() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        RoomId roomId = RoomId.newId();
        UserId alice = UserId.of("alice");
        UserId bob = UserId.of("bob");
        MessageSent sent = Message.send(MessageId.newId(), roomId, 3, alice, "Alice", ClientMsgId.of("c-1"),
                MessageContent.of("héllo 👋 \u05e9\u05dc\u05d5\u05dd"), now);
        List<RoomEvent> events = List.of(
                Message.memberJoined(roomId, 1, alice, "Alice", now),
                sent,
                sent.message().editBy(alice, MessageContent.of("edited"), 4, now.plusSeconds(1)),
                sent.message().deleteBy(bob, true, 5, now.plusSeconds(2)),
                Message.memberLeft(roomId, 6, alice, null, bob, now.plusSeconds(3)));

        for (RoomEvent event : events) {
            Object json = serializer.serialize(event);
            RoomEvent back = serializer.deserialize(json, event.getClass());
            assertThat(back).as("round trip of %s via %s", event.getClass().getSimpleName(), json).isEqualTo(event);
        }
    }
}
