package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.RoomSummary;

/** One entry of the caller's room list, with the caller's role and unread count. */
record RoomSummaryResponse(
        String roomId, String name, String visibility, String createdAt, String role, long lastSeq, long unreadCount) {

    static RoomSummaryResponse of(RoomSummary room) {
        return new RoomSummaryResponse(
                room.id().value(),
                room.name(),
                room.visibility().name(),
                Timestamps.format(room.createdAt()),
                room.role().name(),
                room.lastSeq(),
                room.unreadCount());
    }
}
