package io.chatservice.adapter.out.persistence;

import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;

/**
 * A {@code room_member} row. Its read marker columns are written by the read marker adapter without the room
 * lock; {@link DynamicUpdate} makes a membership change write only the columns it changed, so saving a room
 * loaded before a concurrent mark-as-read cannot move that member's marker back.
 */
@Entity
@Table(name = "room_member")
@DynamicUpdate
class RoomMemberEntity {

    @EmbeddedId
    private RoomMemberKey id;

    @MapsId("roomId")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "room_id")
    private RoomEntity room;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 16)
    private MemberRole role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    @Column(name = "joined_seq", nullable = false)
    private long joinedSeq;

    @Column(name = "last_read_seq", nullable = false)
    private long lastReadSeq;

    @Column(name = "last_read_message_id", length = 64)
    private @Nullable String lastReadMessageId;

    protected RoomMemberEntity() {
        // for JPA
    }

    RoomMemberEntity(RoomEntity room, Member member) {
        this.id = new RoomMemberKey(room.getId(), member.userId().value());
        this.room = room;
        startMembership(member);
    }

    /**
     * Takes over what the aggregate decided about this member. A different joined seq means the user left and
     * joined again since the row was written: that is a new membership, whose read marker starts afresh.
     */
    void apply(Member member) {
        if (member.joinedSeq() != joinedSeq) {
            startMembership(member);
        } else {
            role = member.role();
        }
    }

    private void startMembership(Member member) {
        role = member.role();
        joinedAt = member.joinedAt();
        joinedSeq = member.joinedSeq();
        lastReadSeq = member.lastReadSeq();
        lastReadMessageId = null;
    }

    public String getUserId() {
        return id.getUserId();
    }

    public MemberRole getRole() {
        return role;
    }

    public Instant getJoinedAt() {
        return joinedAt;
    }

    public long getJoinedSeq() {
        return joinedSeq;
    }

    public long getLastReadSeq() {
        return lastReadSeq;
    }

    public @Nullable String getLastReadMessageId() {
        return lastReadMessageId;
    }
}
