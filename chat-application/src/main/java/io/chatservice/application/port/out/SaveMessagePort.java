package io.chatservice.application.port.out;

import io.chatservice.domain.message.Message;

/** Writes messages. */
public interface SaveMessagePort {

    /**
     * Inserts a new message.
     *
     * @throws DuplicateClientMsgIdException when the room already holds a message from this sender with this
     *     clientMsgId (the database's unique constraint is the final word on idempotency)
     */
    void insertMessage(Message message);

    /** Overwrites a changed message (edit or tombstone) by id. */
    void updateMessage(Message message);
}
