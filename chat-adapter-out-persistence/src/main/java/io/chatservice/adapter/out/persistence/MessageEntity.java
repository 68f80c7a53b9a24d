package io.chatservice.adapter.out.persistence;

import io.chatservice.domain.message.MessageType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A {@code message} row: a text message, a tombstone, or a JOIN/LEAVE record. The accessors are public only
 * because MapStruct ignores package-private ones; the class itself is not visible outside this package.
 */
@Entity
@Table(name = "message")
class MessageEntity {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "room_id", nullable = false, updatable = false, length = 64)
    private String roomId;

    @Column(name = "seq", nullable = false, updatable = false)
    private long seq;

    @Column(name = "sender_id", nullable = false, updatable = false, length = 64)
    private String senderId;

    @Column(name = "sender_name", updatable = false, length = 128)
    private @Nullable String senderName;

    @Column(name = "client_msg_id", updatable = false, length = 64)
    private @Nullable String clientMsgId;

    @Enumerated(EnumType.STRING)
    @Column(name = "type", nullable = false, updatable = false, length = 16)
    private MessageType type;

    @Column(name = "content")
    private @Nullable String content;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "edited_at")
    private @Nullable Instant editedAt;

    @Column(name = "deleted_at")
    private @Nullable Instant deletedAt;

    @Column(name = "last_event_seq", nullable = false)
    private long lastEventSeq;

    protected MessageEntity() {
        // for JPA and MapStruct
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRoomId() {
        return roomId;
    }

    public void setRoomId(String roomId) {
        this.roomId = roomId;
    }

    public long getSeq() {
        return seq;
    }

    public void setSeq(long seq) {
        this.seq = seq;
    }

    public String getSenderId() {
        return senderId;
    }

    public void setSenderId(String senderId) {
        this.senderId = senderId;
    }

    public @Nullable String getSenderName() {
        return senderName;
    }

    public void setSenderName(@Nullable String senderName) {
        this.senderName = senderName;
    }

    public @Nullable String getClientMsgId() {
        return clientMsgId;
    }

    public void setClientMsgId(@Nullable String clientMsgId) {
        this.clientMsgId = clientMsgId;
    }

    public MessageType getType() {
        return type;
    }

    public void setType(MessageType type) {
        this.type = type;
    }

    public @Nullable String getContent() {
        return content;
    }

    public void setContent(@Nullable String content) {
        this.content = content;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public @Nullable Instant getEditedAt() {
        return editedAt;
    }

    public void setEditedAt(@Nullable Instant editedAt) {
        this.editedAt = editedAt;
    }

    public @Nullable Instant getDeletedAt() {
        return deletedAt;
    }

    public void setDeletedAt(@Nullable Instant deletedAt) {
        this.deletedAt = deletedAt;
    }

    public long getLastEventSeq() {
        return lastEventSeq;
    }

    public void setLastEventSeq(long lastEventSeq) {
        this.lastEventSeq = lastEventSeq;
    }
}
