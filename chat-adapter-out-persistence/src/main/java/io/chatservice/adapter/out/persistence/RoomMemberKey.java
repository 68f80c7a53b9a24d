package io.chatservice.adapter.out.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@code room_member}: a user is a member of a room at most once. */
@Embeddable
class RoomMemberKey implements Serializable {

    private static final long serialVersionUID = 1L;

    @Column(name = "room_id", length = 64)
    private String roomId;

    @Column(name = "user_id", length = 64)
    private String userId;

    protected RoomMemberKey() {
        // for JPA
    }

    RoomMemberKey(String roomId, String userId) {
        this.roomId = roomId;
        this.userId = userId;
    }

    String getRoomId() {
        return roomId;
    }

    String getUserId() {
        return userId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoomMemberKey key && roomId.equals(key.roomId) && userId.equals(key.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(roomId, userId);
    }
}
