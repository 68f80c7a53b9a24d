package io.chatservice.application.port.in;

import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import java.time.Instant;
import java.util.List;

/** A room with its members, as its members may see it. */
public record RoomDetails(
        RoomId id, String name, Visibility visibility, Instant createdAt, long lastSeq, List<Member> members) {

    public RoomDetails {
        members = List.copyOf(members);
    }

    public static RoomDetails of(Room room) {
        return new RoomDetails(
                room.id(), room.name().value(), room.visibility(), room.createdAt(), room.lastSeq(), room.members());
    }
}
