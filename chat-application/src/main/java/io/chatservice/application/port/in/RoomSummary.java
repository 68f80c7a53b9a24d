package io.chatservice.application.port.in;

import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import java.time.Instant;

/** One room in the caller's room list, with what a client needs to draw it: role, last seq, unread count. */
public record RoomSummary(
        RoomId id,
        String name,
        Visibility visibility,
        Instant createdAt,
        MemberRole role,
        long lastSeq,
        long unreadCount) {
}
