package io.chatservice.application.service;

import io.chatservice.application.port.in.GetUnreadUseCase;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.MarkReadUseCase;
import io.chatservice.application.port.in.UnreadQuery;
import io.chatservice.application.port.in.UnreadStatus;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.ReadState;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;

/** Read markers, which only move forward, and unread counts. */
public final class ReadMarkerService implements MarkReadUseCase, GetUnreadUseCase {

    private final RoomAccessPort rooms;
    private final LoadMessagePort loadMessages;
    private final ReadMarkerPort readMarkers;
    private final TransactionPort transactions;

    public ReadMarkerService(
            RoomAccessPort rooms, LoadMessagePort loadMessages, ReadMarkerPort readMarkers, TransactionPort transactions) {
        this.rooms = rooms;
        this.loadMessages = loadMessages;
        this.readMarkers = readMarkers;
        this.transactions = transactions;
    }

    @Override
    public UnreadStatus markRead(MarkReadCommand command) {
        return transactions.inTransaction(() -> {
            Rooms.requireMember(rooms, command.roomId(), command.caller().id());
            Message read = loadMessages.findMessage(command.roomId(), command.lastReadMessageId())
                    .orElseThrow(Rooms::messageNotFound);
            readMarkers.advanceReadMarker(command.roomId(), command.caller().id(), read.seq(), read.id());
            return currentStatus(command.roomId(), command.caller().id());
        });
    }

    @Override
    public UnreadStatus getUnread(UnreadQuery query) {
        return transactions.readOnly(() -> {
            Rooms.requireMember(rooms, query.roomId(), query.caller().id());
            return currentStatus(query.roomId(), query.caller().id());
        });
    }

    private UnreadStatus currentStatus(RoomId roomId, UserId user) {
        ReadState state = readMarkers.readState(roomId, user)
                .orElseThrow(() -> new NotFoundException("not a member of this room"));
        return new UnreadStatus(state.unreadCount(), state.lastReadMessageId());
    }
}
