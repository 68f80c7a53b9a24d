package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.DomainException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a broadcast that arrived on a room's channel: only what delivery needs (the type, the seq, and for
 * {@code MEMBER_LEFT} who left). The body itself is passed on as it came, never encoded again. A payload this
 * version cannot read is dropped with a (throttled) warning and never thrown at the caller: it must not stop the
 * broadcasts behind it, and clients recover anything missed by syncing.
 */
final class RoomBroadcastDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RoomBroadcastDecoder.class);

    private static final Set<String> ROOM_EVENT_TYPES =
            Set.of("MESSAGE_SENT", "MESSAGE_EDITED", "MESSAGE_DELETED", "MEMBER_JOINED", "MEMBER_LEFT");
    private static final String MEMBER_LEFT = "MEMBER_LEFT";

    private final JsonMapper json;
    private final ThrottledWarnings warnings;

    RoomBroadcastDecoder(JsonMapper json) {
        this(json, new ThrottledWarnings(LOG, Duration.ofMinutes(1)));
    }

    RoomBroadcastDecoder(JsonMapper json, ThrottledWarnings warnings) {
        this.json = json;
        this.warnings = warnings;
    }

    Optional<RoomBroadcast> decode(String channel, String body) {
        String room = RoomChannels.roomIdOf(channel);
        if (room == null) {
            return dropped("Dropped a broadcast from a channel that is not a room's", channel, body);
        }
        RoomId roomId;
        try {
            roomId = RoomId.of(room);
        } catch (DomainException invalid) {
            return dropped("Dropped a broadcast from a channel that names no valid room", channel, body);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException malformed) {
            return dropped("Dropped a broadcast that is not JSON", channel, body);
        }
        if (!root.isObject() || !root.path("type").isString()) {
            return dropped("Dropped a broadcast without a type", channel, body);
        }
        String type = root.path("type").stringValue();
        if (RoomBroadcastEncoder.TYPING.equals(type)) {
            return Optional.of(new RoomBroadcast(roomId, RoomBroadcast.Kind.TYPING, 0, null, body));
        }
        if (RoomBroadcastEncoder.PRESENCE.equals(type)) {
            return Optional.of(new RoomBroadcast(roomId, RoomBroadcast.Kind.PRESENCE, 0, null, body));
        }
        if (!ROOM_EVENT_TYPES.contains(type)) {
            return dropped("Dropped a broadcast of a type this version does not know", channel, body);
        }
        JsonNode seq = root.path("seq");
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1) {
            return dropped("Dropped a room event without a valid seq", channel, body);
        }
        UserId departed = null;
        if (MEMBER_LEFT.equals(type)) {
            JsonNode member = root.path("message").path("senderId");
            try {
                departed = member.isString() ? UserId.of(member.stringValue()) : null;
            } catch (DomainException invalid) {
                departed = null;
            }
            if (departed == null) {
                return dropped("Dropped a MEMBER_LEFT event that names no valid member", channel, body);
            }
        }
        return Optional.of(new RoomBroadcast(roomId, RoomBroadcast.Kind.ROOM_EVENT, seq.longValue(), departed, body));
    }

    /** Logs where it came from and how long it was, never the content: it carries users' messages. */
    private Optional<RoomBroadcast> dropped(String kind, String channel, String body) {
        warnings.warn(kind, "channel " + channel + ", " + body.length() + " characters");
        return Optional.empty();
    }
}
