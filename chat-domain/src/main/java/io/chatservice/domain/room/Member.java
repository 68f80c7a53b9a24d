package io.chatservice.domain.room;

import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A member of a room.
 *
 * @param joinedSeq the seq of the room event in which they joined: strictly ordered, unlike timestamps, so
 *     "longest-standing member" is never a tie
 * @param lastReadSeq the seq up to which the member has read; it never moves backwards
 */
public record Member(UserId userId, MemberRole role, Instant joinedAt, long joinedSeq, long lastReadSeq) {

    public Member {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }

    public boolean isOwner() {
        return role == MemberRole.OWNER;
    }

    Member withRole(MemberRole newRole) {
        return new Member(userId, newRole, joinedAt, joinedSeq, lastReadSeq);
    }
}
