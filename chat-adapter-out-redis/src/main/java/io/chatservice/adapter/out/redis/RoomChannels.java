package io.chatservice.adapter.out.redis;

import io.chatservice.domain.shared.RoomId;
import org.jspecify.annotations.Nullable;

/**
 * The Redis channel of a room, {@code chat:room:<roomId>}: room events and typing signals share it. Rooms are
 * subscribed by name, never by pattern, so a room id may contain {@code *} or {@code ?}.
 */
final class RoomChannels {

    static final String PREFIX = "chat:room:";

    private RoomChannels() {
    }

    static String channel(RoomId roomId) {
        return PREFIX + roomId.value();
    }

    /** The room a channel belongs to, or {@code null} for a channel that is not a room's. */
    static @Nullable String roomIdOf(String channel) {
        return channel.startsWith(PREFIX) ? channel.substring(PREFIX.length()) : null;
    }
}
