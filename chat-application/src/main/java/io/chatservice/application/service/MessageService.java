package io.chatservice.application.service;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.application.port.out.RateLimitDecision;
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
import io.chatservice.domain.shared.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Send, edit and delete. Each runs in one transaction that locks the room's event counter, takes the next
 * seq, writes the message, advances the counter and publishes the event; the lock is held until commit, so
 * seqs are gap-free and in commit order. The caller gets its answer only after the commit.
 *
 * <p>Sends and edits first take one unit of the caller's allowance ({@link MessageRateLimitPort}), before any
 * database work: a refused request costs nothing but that check, stores nothing and publishes nothing. A send that
 * turns out to be a re-send of a stored message gives its unit back, so a client re-sending its unacked messages
 * after a reconnect is not charged for those that had made it (one re-sent while the allowance is used up is refused
 * like any other send, and answered DUPLICATE when tried again). Deletes are not limited: each message can be
 * deleted once (a repeated delete changes nothing), so deletes never outnumber sends, and an owner cleaning up
 * after a flood must not be slowed down by it.
 */
public final class MessageService implements SendMessageUseCase, EditMessageUseCase, DeleteMessageUseCase {

    private final RoomAccessPort rooms;
    private final LoadMessagePort loadMessages;
    private final SaveMessagePort saveMessages;
    private final PublishRoomEventsPort publishEvents;
    private final TransactionPort transactions;
    private final MessageRateLimitPort rateLimit;
    private final Clock clock;

    public MessageService(
            RoomAccessPort rooms,
            LoadMessagePort loadMessages,
            SaveMessagePort saveMessages,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            MessageRateLimitPort rateLimit,
            Clock clock) {
        this.rooms = rooms;
        this.loadMessages = loadMessages;
        this.saveMessages = saveMessages;
        this.publishEvents = publishEvents;
        this.transactions = transactions;
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    @Override
    public SendResult sendMessage(SendMessageCommand command) {
        UserId sender = command.caller().id();
        requireAllowance(sender);
        SendResult result;
        try {
            result = transactions.inTransaction(() -> send(command));
        } catch (DuplicateClientMsgIdException raced) {
            // Only reachable if another writer inserted the same clientMsgId without taking the room lock;
            // the unique constraint stopped the second message and the first one is the answer.
            result = transactions.readOnly(() -> findDuplicate(command))
                    .map(original -> new SendResult(original, true))
                    .orElseThrow(() -> raced);
        }
        if (result.duplicate()) {
            rateLimit.giveBack(sender);
        }
        return result;
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
        requireAllowance(command.caller().id());
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

    private void requireAllowance(UserId user) {
        RateLimitDecision decision = rateLimit.tryAcquire(user);
        if (!decision.allowed()) {
            throw new RateLimitedException(
                    "too many messages sent or edited; wait before sending again", decision.retryAfter());
        }
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
