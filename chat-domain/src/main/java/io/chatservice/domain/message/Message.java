package io.chatservice.domain.message;

import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.Texts;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a room's timeline, immutable: a change returns the event that carries the new state.
 *
 * <p>{@code seq} is the seq of the room event that created the message (its place in the timeline) and
 * never changes; {@code lastEventSeq} is the seq of the latest event that changed it, which is what a
 * reconnecting client syncs by. A deleted message is a tombstone: id, seq and author stay, content is gone
 * for good.
 *
 * @param senderId for TEXT the author; for JOIN and LEAVE the member who joined or left
 */
public record Message(
        MessageId id,
        RoomId roomId,
        long seq,
        UserId senderId,
        @Nullable String senderName,
        @Nullable ClientMsgId clientMsgId,
        MessageType type,
        @Nullable MessageContent content,
        Instant createdAt,
        @Nullable Instant editedAt,
        @Nullable Instant deletedAt,
        long lastEventSeq) {

    public static final int MAX_SENDER_NAME_LENGTH = 128;

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive, was " + seq);
        }
        if (lastEventSeq < seq) {
            throw new IllegalArgumentException("lastEventSeq " + lastEventSeq + " is before seq " + seq);
        }
        if (type == MessageType.TEXT) {
            if (clientMsgId == null) {
                throw new IllegalArgumentException("a text message needs a clientMsgId");
            }
            if ((deletedAt == null) == (content == null)) {
                throw new IllegalArgumentException("a text message has content exactly while not deleted");
            }
        } else if (content != null || editedAt != null || deletedAt != null) {
            throw new IllegalArgumentException(type + " messages have no content and never change");
        }
        senderName = normalizeSenderName(senderName);
    }

    /** A user's text message, created by the room event with the given seq. */
    public static MessageSent send(
            MessageId id,
            RoomId roomId,
            long seq,
            UserId sender,
            @Nullable String senderName,
            ClientMsgId clientMsgId,
            MessageContent content,
            Instant now) {
        Message message = new Message(
                id, roomId, seq, sender, senderName, clientMsgId, MessageType.TEXT, content, now, null, null, seq);
        return new MessageSent(message);
    }

    /** The system's record that {@code member} joined or left; it has no content and never changes. */
    static Message membershipRecord(
            MessageType type, RoomId roomId, long seq, UserId member, @Nullable String memberName, Instant now) {
        if (type == MessageType.TEXT) {
            throw new IllegalArgumentException("membership records are JOIN or LEAVE");
        }
        return new Message(MessageId.newId(), roomId, seq, member, memberName, null, type, null, now, null, null, seq);
    }

    public static MemberJoined memberJoined(RoomId roomId, long seq, UserId member, @Nullable String name, Instant now) {
        return new MemberJoined(membershipRecord(MessageType.JOIN, roomId, seq, member, name, now));
    }

    public static MemberLeft memberLeft(
            RoomId roomId,
            long seq,
            UserId member,
            @Nullable UserId removedBy,
            @Nullable UserId newOwner,
            Instant now) {
        return new MemberLeft(membershipRecord(MessageType.LEAVE, roomId, seq, member, null, now), removedBy, newOwner);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean sentBy(UserId user) {
        return senderId.equals(user);
    }

    /**
     * The author replaces the text. The change is the room event with seq {@code eventSeq}.
     *
     * @throws PermissionDeniedException when {@code actor} is not the author
     * @throws ConflictException when the message is deleted or is not a text message
     */
    public MessageEdited editBy(UserId actor, MessageContent newContent, long eventSeq, Instant now) {
        requireText("edited");
        if (!sentBy(actor)) {
            throw new PermissionDeniedException("only the author may edit a message");
        }
        if (deleted()) {
            throw new ConflictException("a deleted message cannot be edited");
        }
        requireLaterEvent(eventSeq);
        Message edited = new Message(
                id, roomId, seq, senderId, senderName, clientMsgId, type, newContent, createdAt, now, null, eventSeq);
        return new MessageEdited(edited);
    }

    /**
     * The author, or an owner of the room, deletes the message, leaving a tombstone. Returns {@code null} when
     * it is already deleted: deleting is idempotent and the second delete is no event.
     *
     * @throws PermissionDeniedException when {@code actor} is neither the author nor a room owner
     * @throws ConflictException when the message is a membership record
     */
    public @Nullable MessageDeleted deleteBy(UserId actor, boolean actorOwnsRoom, long eventSeq, Instant now) {
        requireText("deleted");
        if (!sentBy(actor) && !actorOwnsRoom) {
            throw new PermissionDeniedException("only the author or a room owner may delete a message");
        }
        if (deleted()) {
            return null;
        }
        requireLaterEvent(eventSeq);
        Message tombstone = new Message(
                id, roomId, seq, senderId, senderName, clientMsgId, type, null, createdAt, editedAt, now, eventSeq);
        return new MessageDeleted(tombstone);
    }

    private void requireText(String verb) {
        if (type != MessageType.TEXT) {
            throw new ConflictException(type + " messages cannot be " + verb);
        }
    }

    private void requireLaterEvent(long eventSeq) {
        if (eventSeq <= lastEventSeq) {
            throw new IllegalArgumentException("event seq " + eventSeq + " is not after " + lastEventSeq);
        }
    }

    private static @Nullable String normalizeSenderName(@Nullable String name) {
        if (name == null) {
            return null;
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        Texts.requireWellFormedUtf16(stripped, "display name");
        if (stripped.length() > MAX_SENDER_NAME_LENGTH) {
            throw new InvalidInputException("display name must be at most " + MAX_SENDER_NAME_LENGTH + " characters");
        }
        return stripped;
    }
}
