package io.chatservice.adapter.out.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.MemberJoined;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageEdited;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes what is broadcast into the JSON body clients receive, once, where it is published: every instance and
 * every subscriber then passes the same string on. The {@code message} object is the one REST returns for the
 * same message, field for field and in the same order (the web adapter's {@code MessageResponse}); adapters may
 * not share code, so the bootstrap tests compare the two.
 */
final class RoomBroadcastEncoder {

    static final String TYPING = "TYPING";
    static final String PRESENCE = "PRESENCE";

    private final JsonMapper json;

    RoomBroadcastEncoder(JsonMapper json) {
        this.json = json;
    }

    RoomBroadcast encode(RoomEvent event) {
        RoomEventEnvelope envelope = new RoomEventEnvelope(
                typeOf(event),
                event.roomId().value(),
                event.seq(),
                timestamp(event.occurredAt()),
                EnvelopeMessage.of(event.message()));
        UserId departed = event instanceof MemberLeft left ? left.member() : null;
        return new RoomBroadcast(
                event.roomId(), RoomBroadcast.Kind.ROOM_EVENT, event.seq(), departed, json.writeValueAsString(envelope));
    }

    RoomBroadcast encodeTyping(RoomId roomId, UserId userId, boolean typing) {
        TypingEnvelope envelope = new TypingEnvelope(TYPING, roomId.value(), userId.value(), typing);
        return new RoomBroadcast(roomId, RoomBroadcast.Kind.TYPING, 0, null, json.writeValueAsString(envelope));
    }

    RoomBroadcast encodePresence(RoomId roomId, UserId userId, boolean online) {
        PresenceEnvelope envelope = new PresenceEnvelope(PRESENCE, roomId.value(), userId.value(), online);
        return new RoomBroadcast(roomId, RoomBroadcast.Kind.PRESENCE, 0, null, json.writeValueAsString(envelope));
    }

    /** The envelope's {@code type}; the decoder knows these names as room events. */
    static String typeOf(RoomEvent event) {
        return switch (event) {
            case MessageSent ignored -> "MESSAGE_SENT";
            case MessageEdited ignored -> "MESSAGE_EDITED";
            case MessageDeleted ignored -> "MESSAGE_DELETED";
            case MemberJoined ignored -> "MEMBER_JOINED";
            case MemberLeft ignored -> "MEMBER_LEFT";
        };
    }

    /**
     * ISO-8601 in UTC, cut to microseconds (what PostgreSQL keeps), exactly as REST writes timestamps: a message
     * has the same {@code createdAt} live as in every later read of it. Written here as a string so that no
     * mapper setting can turn it into a number.
     */
    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static @Nullable String nullableTimestamp(@Nullable Instant instant) {
        return instant == null ? null : timestamp(instant);
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"type", "roomId", "seq", "occurredAt", "message"})
    record RoomEventEnvelope(String type, String roomId, long seq, String occurredAt, EnvelopeMessage message) {
    }

    /** The {@code message} object of the contract; keep it identical to the web adapter's {@code MessageResponse}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({
        "messageId", "roomId", "seq", "senderId", "senderName", "clientMsgId", "type", "content", "createdAt",
        "editedAt", "deleted", "lastEventSeq"
    })
    record EnvelopeMessage(
            String messageId,
            String roomId,
            long seq,
            String senderId,
            @Nullable String senderName,
            @Nullable String clientMsgId,
            String type,
            @Nullable String content,
            String createdAt,
            @Nullable String editedAt,
            boolean deleted,
            long lastEventSeq) {

        static EnvelopeMessage of(Message message) {
            return new EnvelopeMessage(
                    message.id().value(),
                    message.roomId().value(),
                    message.seq(),
                    message.senderId().value(),
                    message.senderName(),
                    message.clientMsgId() == null ? null : message.clientMsgId().value(),
                    message.type().name(),
                    message.content() == null ? null : message.content().value(),
                    timestamp(message.createdAt()),
                    nullableTimestamp(message.editedAt()),
                    message.deleted(),
                    message.lastEventSeq());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"type", "roomId", "userId", "typing"})
    record TypingEnvelope(String type, String roomId, String userId, boolean typing) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"type", "roomId", "userId", "online"})
    record PresenceEnvelope(String type, String roomId, String userId, boolean online) {
    }
}
