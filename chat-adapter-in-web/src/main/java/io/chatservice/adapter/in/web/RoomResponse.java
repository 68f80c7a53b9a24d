package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.RoomDetails;
import io.chatservice.domain.room.Member;
import java.util.List;

/** A room with its members, longest-standing first. */
record RoomResponse(
        String roomId, String name, String visibility, String createdAt, long lastSeq, List<MemberResponse> members) {

    record MemberResponse(String userId, String role, String joinedAt) {

        static MemberResponse of(Member member) {
            return new MemberResponse(
                    member.userId().value(), member.role().name(), Timestamps.format(member.joinedAt()));
        }
    }

    static RoomResponse of(RoomDetails room) {
        return new RoomResponse(
                room.id().value(),
                room.name(),
                room.visibility().name(),
                Timestamps.format(room.createdAt()),
                room.lastSeq(),
                room.members().stream().map(MemberResponse::of).toList());
    }
}
