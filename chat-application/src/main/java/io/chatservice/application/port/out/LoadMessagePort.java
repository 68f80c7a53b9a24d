package io.chatservice.application.port.out;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads messages; every lookup is scoped to a room, so an id from another room is simply not found. */
public interface LoadMessagePort {

    Optional<Message> findMessage(RoomId roomId, MessageId messageId);

    Optional<Message> findByClientMsgId(RoomId roomId, UserId sender, ClientMsgId clientMsgId);

    /** {@link #findByClientMsgId} for many keys in one read: the messages found, in no particular order. */
    List<Message> findByClientMsgIds(Collection<ClientMsgKey> keys);

    /** Up to {@code limit} messages with {@code seq < beforeSeq}, the newest ones, returned oldest first. */
    List<Message> findPageBefore(RoomId roomId, long beforeSeq, int limit);

    /**
     * Up to {@code limit} messages whose {@code lastEventSeq} is in {@code (afterSeq, upToSeq]}, ordered by
     * {@code lastEventSeq}.
     */
    List<Message> findChangedBetween(RoomId roomId, long afterSeq, long upToSeq, int limit);
}
