package io.chatservice.application.service;

import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Delegates every read to the store; tests override single lookups to stage races. */
class LoadMessagePortView implements LoadMessagePort {

    private final LoadMessagePort delegate;

    LoadMessagePortView(LoadMessagePort delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Message> findMessage(RoomId room, MessageId messageId) {
        return delegate.findMessage(room, messageId);
    }

    @Override
    public Optional<Message> findByClientMsgId(RoomId room, UserId sender, ClientMsgId clientMsgId) {
        return delegate.findByClientMsgId(room, sender, clientMsgId);
    }

    @Override
    public List<Message> findByClientMsgIds(Collection<ClientMsgKey> keys) {
        return delegate.findByClientMsgIds(keys);
    }

    @Override
    public List<Message> findPageBefore(RoomId room, long beforeSeq, int limit) {
        return delegate.findPageBefore(room, beforeSeq, limit);
    }

    @Override
    public List<Message> findChangedBetween(RoomId room, long afterSeq, long upToSeq, int limit) {
        return delegate.findChangedBetween(room, afterSeq, upToSeq, limit);
    }
}
