package io.chatservice.application.port.out;

import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import java.time.Instant;

/** One row of a user's room list, read in one query for all rooms (no query per room). */
public record MemberRoomSummary(
        RoomId roomId,
        String name,
        Visibility visibility,
        Instant createdAt,
        MemberRole role,
        long lastSeq,
        long unreadCount) {
}
