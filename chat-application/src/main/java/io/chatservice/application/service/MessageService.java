package io.chatservice.application.service;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageEdited;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Send, edit and delete. Each runs in one transaction that locks the room's event counter, takes the next
 * seq, writes the message, advances the counter and publishes the event; the lock is held until commit, so
 * seqs are gap-free and in commit order. The caller gets its answer only after the commit.
 */
public final class MessageService implements SendMessageUseCase, EditMessageUseCase, DeleteMessageUseCase {

    private final RoomAccessPort rooms;
    private final LoadMessagePort loadMessages;
    private final SaveMessagePort saveMessages;
    private final PublishRoomEventsPort publishEvents;
    private final TransactionPort transactions;
    private final Clock clock;

    public MessageService(
            RoomAccessPort rooms,
            LoadMessagePort loadMessages,
            SaveMessagePort saveMessages,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            Clock clock) {
        this.rooms = rooms;
        this.loadMessages = loadMessages;
        this.saveMessages = saveMessages;
        this.publishEvents = publishEvents;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public SendResult sendMessage(SendMessageCommand command) {
        try {
            return transactions.inTransaction(() -> send(command));
        } catch (DuplicateClientMsgIdException raced) {
            // Only reachable if another writer inserted the same clientMsgId without taking the room lock;
            // the unique constraint stopped the second message and the first one is the answer.
            return transactions.readOnly(() -> findDuplicate(command))
                    .map(original -> new SendResult(original, true))
                    .orElseThrow(() -> raced);
        }
    }

    private SendResult send(SendMessageCommand command) {
        Caller caller = command.caller();
        RoomAccess access = lockForAppend(command.roomId(), caller);
        // Checked under the room lock: a concurrent send of the same clientMsgId has committed by now.
        Optional<Message> duplicate = findDuplicate(command);
        if (duplicate.isPresent()) {
            return new SendResult(duplicate.get(), true);
        }
        long seq = access.lastSeq() + 1;
        MessageSent sent = Message.send(
                MessageId.newId(),
                command.roomId(),
                seq,
                caller.id(),
                caller.displayName(),
                command.clientMsgId(),
                command.content(),
                clock.instant());
        saveMessages.insertMessage(sent.message());
        commitEvent(sent);
        return new SendResult(sent.message(), false);
    }

    @Override
    public Message editMessage(EditMessageCommand command) {
        return transactions.inTransaction(() -> {
            RoomAccess access = lockForAppend(command.roomId(), command.caller());
            Message message = requireMessage(command.roomId(), command.messageId());
            MessageEdited edited =
                    message.editBy(command.caller().id(), command.content(), access.lastSeq() + 1, clock.instant());
            saveMessages.updateMessage(edited.message());
            commitEvent(edited);
            return edited.message();
        });
    }

    @Override
    public Message deleteMessage(DeleteMessageCommand command) {
        return transactions.inTransaction(() -> {
            RoomAccess access = lockForAppend(command.roomId(), command.caller());
            Message message = requireMessage(command.roomId(), command.messageId());
            MessageDeleted deleted =
                    message.deleteBy(command.caller().id(), access.isOwner(), access.lastSeq() + 1, clock.instant());
            if (deleted == null) {
                return message;
            }
            saveMessages.updateMessage(deleted.message());
            commitEvent(deleted);
            return deleted.message();
        });
    }

    private RoomAccess lockForAppend(RoomId roomId, Caller caller) {
        return Rooms.requireMember(
                rooms.lockForAppend(roomId, caller.id()).orElseThrow(Rooms::roomNotFound));
    }

    private Message requireMessage(RoomId roomId, MessageId messageId) {
        return loadMessages.findMessage(roomId, messageId)
                .orElseThrow(Rooms::messageNotFound);
    }

    private Optional<Message> findDuplicate(SendMessageCommand command) {
        return loadMessages.findByClientMsgId(command.roomId(), command.caller().id(), command.clientMsgId());
    }

    private void commitEvent(RoomEvent event) {
        rooms.advanceLastSeq(event.roomId(), event.seq());
        publishEvents.publish(List.of(event));
    }
}
