package io.chatservice.application.port.out;

import io.chatservice.domain.room.Member;
import io.chatservice.domain.shared.RoomId;
import org.jspecify.annotations.Nullable;

/**
 * What a use case needs to know about a room to let one user act on its timeline, without loading all
 * members.
 *
 * @param lastSeq the seq of the room's latest event
 * @param member the user's membership, {@code null} when they are not a member
 */
public record RoomAccess(RoomId roomId, long lastSeq, @Nullable Member member) {

    public boolean isMember() {
        return member != null;
    }

    public boolean isOwner() {
        return member != null && member.isOwner();
    }
}
