package io.chatservice.it;

import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.TestComponent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every broadcast the fan-out hands to this instance, next to the real WebSocket delivery: what an
 * instance received, whether or not a client was there to see it. Each broadcast is kept with its JSON body
 * parsed, so tests can ask about the wire envelope ({@code type}, {@code seq}, {@code message.messageId}).
 */
@TestComponent
public class RecordingDelivery implements DeliverRoomBroadcastPort {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();

    /** One broadcast as delivered here, with its body parsed. */
    public record Delivered(RoomBroadcast broadcast, JsonNode body) {

        public String type() {
            return body.path("type").asString();
        }

        public String roomId() {
            return broadcast.roomId().value();
        }

        /** The envelope's {@code message.messageId}; null for a broadcast without a message (typing). */
        public @Nullable String messageId() {
            JsonNode id = body.path("message").path("messageId");
            return id.isString() ? id.asString() : null;
        }

        public boolean isEvent(String eventType, String eventMessageId) {
            return eventType.equals(type()) && eventMessageId.equals(messageId());
        }
    }

    @Override
    public void deliver(RoomBroadcast broadcast) {
        delivered.add(new Delivered(broadcast, JSON.readTree(broadcast.json())));
    }

    public List<Delivered> delivered(Predicate<Delivered> filter) {
        return delivered.stream().filter(filter).toList();
    }

    /** Waits until a broadcast matching {@code filter} was delivered; empty when none came within the timeout. */
    public Optional<Delivered> await(Predicate<Delivered> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Delivered> match = delivered.stream().filter(filter).findFirst();
            if (match.isPresent()) {
                return match;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    public static Predicate<Delivered> inRoom(String roomId) {
        return delivered -> delivered.roomId().equals(roomId);
    }

    public static Predicate<Delivered> mentioning(String messageId) {
        return delivered -> messageId.equals(delivered.messageId());
    }
}
