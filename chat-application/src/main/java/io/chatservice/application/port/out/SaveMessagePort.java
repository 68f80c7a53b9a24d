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
     * Inserts new messages together (one batch of statements rather than a round trip each).
     *
     * @throws DuplicateClientMsgIdException when any of them clashes with a stored message's clientMsgId; the
     *     transaction can then only be rolled back
     */
    void insertMessages(List<Message> messages);

    /** Overwrites a changed message (edit or tombstone) by id. */
    void updateMessage(Message message);
}
