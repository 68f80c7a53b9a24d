package io.chatservice.application.port.out;

import io.chatservice.domain.message.Message;
import java.util.List;

/** Writes messages. */
public interface SaveMessagePort {

    /**
     * Inserts a new message.
     *
     * @throws DuplicateClientMsgIdException when the room already holds a message from this sender with this
     *     clientMsgId (the database's unique constraint is the final word on idempotency)
     */
    void insertMessage(Message message);

    /**
     * A group commit's writes in one step: inserts new messages together and moves each of their rooms' last seq
     * to the highest seq among that room's messages (an adapter may do both in one statement: each round trip is
     * a wait of the send committer). Only valid inside the transaction that holds those rooms' locks
     * ({@link RoomAccessPort#lockAllForAppend}).
     *
     * @throws DuplicateClientMsgIdException when any of them clashes with a stored message's clientMsgId; the
     *     transaction can then only be rolled back
     * @throws IllegalStateException when a room's last seq is already at or past its new one, like
     *     {@link RoomAccessPort#advanceLastSeq}; a room that does not exist fails the write too
     */
    void appendMessages(List<Message> messages);

    /** Overwrites a changed message (edit or tombstone) by id. */
    void updateMessage(Message message);
}
