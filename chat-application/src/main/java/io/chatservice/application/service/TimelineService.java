package io.chatservice.application.service;

import io.chatservice.application.port.in.HistoryPage;
import io.chatservice.application.port.in.HistoryQuery;
import io.chatservice.application.port.in.LoadHistoryUseCase;
import io.chatservice.application.port.in.SyncMessagesUseCase;
import io.chatservice.application.port.in.SyncPage;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import java.util.List;
import java.util.Objects;

/** Reading a room's timeline: history pages and reconnect sync, both by keyset on seq. */
public final class TimelineService implements LoadHistoryUseCase, SyncMessagesUseCase {

    private final RoomAccessPort rooms;
    private final LoadMessagePort loadMessages;
    private final TransactionPort transactions;

    public TimelineService(RoomAccessPort rooms, LoadMessagePort loadMessages, TransactionPort transactions) {
        this.rooms = rooms;
        this.loadMessages = loadMessages;
        this.transactions = transactions;
    }

    @Override
    public HistoryPage loadHistory(HistoryQuery query) {
        return transactions.readOnly(() -> {
            Rooms.requireMember(rooms, query.roomId(), query.caller().id());
            long beforeSeq = query.before() == null
                    ? Long.MAX_VALUE
                    : requireMessage(query.roomId(), query.before()).seq();
            int limit = query.limit().value();
            // One more than asked tells whether an older page exists, without a count query.
            List<Message> window = loadMessages.findPageBefore(query.roomId(), beforeSeq, limit + 1);
            boolean hasMore = window.size() > limit;
            List<Message> page = hasMore
                    ? window.subList(1, window.size())
                    : window;
            return new HistoryPage(page, hasMore);
        });
    }

    @Override
    public SyncPage syncMessages(SyncQuery query) {
        return transactions.readOnly(() -> {
            RoomAccess access = Rooms.requireMember(rooms, query.roomId(), query.caller().id());
            long cursor = query.afterMessageId() != null
                    ? requireMessage(query.roomId(), query.afterMessageId()).seq()
                    : Objects.requireNonNull(query.sinceSeq());
            // Bounded by the last seq read in the same snapshot, so every seq up to lastSeq is in this answer
            // or a later page: a client continuing from lastSeq cannot skip a change.
            long upToSeq = access.lastSeq();
            int limit = query.limit().value();
            List<Message> changed = loadMessages.findChangedBetween(query.roomId(), cursor, upToSeq, limit + 1);
            boolean hasMore = changed.size() > limit;
            List<Message> page = hasMore ? changed.subList(0, limit) : changed;
            long lastSeq = hasMore ? page.getLast().lastEventSeq() : upToSeq;
            return new SyncPage(page, lastSeq, hasMore);
        });
    }

    private Message requireMessage(RoomId roomId, MessageId messageId) {
        return loadMessages.findMessage(roomId, messageId)
                .orElseThrow(Rooms::messageNotFound);
    }
}
