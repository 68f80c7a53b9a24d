package io.chatservice.adapter.in.ws;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The STOMP destinations of the public contract, parsed. Ids are path segments taken as they are (STOMP
 * destinations are not URL-encoded), validated by the domain's value types; the domain's ids never contain a
 * slash, so splitting on it is exact.
 */
final class Destinations {

    static final String APP_PREFIX = "/app/";
    static final String ROOM_TOPIC_PREFIX = "/topic/rooms/";
    private static final String APP_ROOMS_PREFIX = APP_PREFIX + "rooms/";

    private Destinations() {
    }

    /** What a client may subscribe to. */
    sealed interface SubscribeTarget permits RoomTopic, UserQueue {

        String destination();
    }

    enum TopicKind {
        /** Room events ({@code MESSAGE_SENT}...), in seq order. */
        EVENTS(""),
        /** Typing indicators: ephemeral, dropped first for a slow client. */
        TYPING("/typing"),
        /** Presence changes: ephemeral; accepted, although nothing publishes them yet. */
        PRESENCE("/presence");

        private final String suffix;

        TopicKind(String suffix) {
            this.suffix = suffix;
        }
    }

    record RoomTopic(RoomId roomId, TopicKind kind) implements SubscribeTarget {

        RoomTopic {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String destination() {
            return ROOM_TOPIC_PREFIX + roomId.value() + kind.suffix;
        }
    }

    /** The per-session queues; the adapter answers on them directly, never through a broker. */
    enum UserQueue implements SubscribeTarget {
        ACKS("/user/queue/acks"),
        ERRORS("/user/queue/errors");

        private final String destination;

        UserQueue(String destination) {
            this.destination = destination;
        }

        @Override
        public String destination() {
            return destination;
        }
    }

    /** A SEND the adapter handles: every one is about one room. */
    sealed interface SendRoute permits PostMessage, EditMessage, DeleteMessage, Typing, MarkRead {

        RoomId roomId();
    }

    record PostMessage(RoomId roomId) implements SendRoute {
    }

    record EditMessage(RoomId roomId, MessageId messageId) implements SendRoute {
    }

    record DeleteMessage(RoomId roomId, MessageId messageId) implements SendRoute {
    }

    record Typing(RoomId roomId) implements SendRoute {
    }

    record MarkRead(RoomId roomId) implements SendRoute {
    }

    /**
     * @throws StompRequestException NOT_FOUND for a destination that does not exist
     * @throws io.chatservice.domain.shared.InvalidInputException for an invalid room id
     */
    static SubscribeTarget subscribeTarget(@Nullable String destination) {
        if (destination == null || destination.isEmpty()) {
            throw StompRequestException.invalid("SUBSCRIBE needs a destination header");
        }
        for (UserQueue queue : UserQueue.values()) {
            if (queue.destination.equals(destination)) {
                return queue;
            }
        }
        if (destination.startsWith(ROOM_TOPIC_PREFIX)) {
            String[] segments = destination.substring(ROOM_TOPIC_PREFIX.length()).split("/", -1);
            if (segments.length == 1) {
                return new RoomTopic(RoomId.of(segments[0]), TopicKind.EVENTS);
            }
            if (segments.length == 2) {
                for (TopicKind kind : TopicKind.values()) {
                    if (!kind.suffix.isEmpty() && kind.suffix.substring(1).equals(segments[1])) {
                        return new RoomTopic(RoomId.of(segments[0]), kind);
                    }
                }
            }
        }
        throw new StompRequestException(ErrorCode.NOT_FOUND, "there is no such destination to subscribe to");
    }

    /**
     * @throws StompRequestException FORBIDDEN outside {@code /app} (a client must never publish to a topic or a
     *     queue itself), NOT_FOUND for an {@code /app} destination that does not exist
     * @throws io.chatservice.domain.shared.InvalidInputException for an invalid room or message id
     */
    static SendRoute sendRoute(@Nullable String destination) {
        if (destination == null || destination.isEmpty()) {
            throw StompRequestException.invalid("SEND needs a destination header");
        }
        if (!isApplicationDestination(destination)) {
            throw new StompRequestException(ErrorCode.FORBIDDEN, "clients may only SEND to /app destinations");
        }
        if (destination.startsWith(APP_ROOMS_PREFIX)) {
            String[] segments = destination.substring(APP_ROOMS_PREFIX.length()).split("/", -1);
            SendRoute route = route(segments);
            if (route != null) {
                return route;
            }
        }
        throw new StompRequestException(ErrorCode.NOT_FOUND, "there is no such destination to SEND to");
    }

    static boolean isApplicationDestination(String destination) {
        return destination.startsWith(APP_PREFIX);
    }

    private static @Nullable SendRoute route(String[] segments) {
        if (segments.length == 2) {
            return switch (segments[1]) {
                case "messages" -> new PostMessage(RoomId.of(segments[0]));
                case "typing" -> new Typing(RoomId.of(segments[0]));
                case "read" -> new MarkRead(RoomId.of(segments[0]));
                default -> null;
            };
        }
        if (segments.length == 4 && segments[1].equals("messages")) {
            return switch (segments[3]) {
                case "edit" -> new EditMessage(RoomId.of(segments[0]), MessageId.of(segments[2]));
                case "delete" -> new DeleteMessage(RoomId.of(segments[0]), MessageId.of(segments[2]));
                default -> null;
            };
        }
        return null;
    }
}
