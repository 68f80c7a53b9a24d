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
import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.RoomMemberKey;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageEdited;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.DomainException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>With {@link SendBatching} on, concurrent sends are combined into one such transaction (group commit, see
 * {@link SendCombiner}): it locks all their rooms, gives each room's sends consecutive seqs in queue order and
 * commits them together. Edits and deletes stay one per transaction. {@link #close()} stops the combiner.
 */
public final class MessageService
        implements SendMessageUseCase, EditMessageUseCase, DeleteMessageUseCase, AutoCloseable {

    /** Runs the allowance bookkeeping of queued sends, one virtual thread each: rare, and never on the committer. */
    private static final Executor ALLOWANCE_RETURNS = task -> Thread.ofVirtual().name("send-allowance").start(task);

    private final RoomAccessPort rooms;
    private final LoadMessagePort loadMessages;
    private final SaveMessagePort saveMessages;
    private final PublishRoomEventsPort publishEvents;
    private final TransactionPort transactions;
    private final MessageRateLimitPort rateLimit;
    private final Clock clock;
    private final @Nullable SendCombiner combiner;

    /** One transaction per send. */
    public MessageService(
            RoomAccessPort rooms,
            LoadMessagePort loadMessages,
            SaveMessagePort saveMessages,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            MessageRateLimitPort rateLimit,
            Clock clock) {
        this(rooms, loadMessages, saveMessages, publishEvents, transactions, rateLimit, clock, SendBatching.off());
    }

    /** Sends committed as {@code batching} says; when it is on, starts the committer thread. */
    public MessageService(
            RoomAccessPort rooms,
            LoadMessagePort loadMessages,
            SaveMessagePort saveMessages,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            MessageRateLimitPort rateLimit,
            Clock clock,
            SendBatching batching) {
        this.rooms = rooms;
        this.loadMessages = loadMessages;
        this.saveMessages = saveMessages;
        this.publishEvents = publishEvents;
        this.transactions = transactions;
        this.rateLimit = rateLimit;
        this.clock = clock;
        this.combiner = batching.enabled() ? new SendCombiner(new CombinedSends(), batching.maxBatchSize()) : null;
        if (combiner != null) {
            combiner.start();
        }
    }

    /**
     * A send made inside a transaction of the caller's joins it, as without group commit, so that it commits or
     * rolls back with the caller's work; any other goes to the combiner when batching is on.
     */
    @Override
    public SendResult sendMessage(SendMessageCommand command) {
        UserId sender = command.caller().id();
        requireAllowance(sender);
        SendResult result;
        try {
            result = combiner != null && !transactions.isActive() ? combiner.send(command) : sendAlone(command);
        } catch (RuntimeException failed) {
            settleAllowance(sender, null, failed);
            throw failed;
        }
        settleAllowance(sender, result, null);
        return result;
    }

    /**
     * Queues the send behind every send queued before it and returns at once; see
     * {@link SendMessageUseCase#sendMessageQueued}. Without the combiner, or inside a caller's transaction, this
     * is the synchronous send.
     */
    @Override
    public CompletionStage<SendResult> sendMessageQueued(SendMessageCommand command) {
        if (combiner == null || transactions.isActive()) {
            return SendMessageUseCase.super.sendMessageQueued(command);
        }
        UserId sender = command.caller().id();
        try {
            requireAllowance(sender);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<SendResult> committed = combiner.submit(command);
        // Off the committer thread: giving back an allowance may be a round trip to Redis.
        committed.whenCompleteAsync((result, failure) ->
                settleAllowance(sender, result, failure == null ? null : unwrap(failure)), ALLOWANCE_RETURNS);
        return committed.copy();
    }

    /**
     * After a send, one rule for the synchronous and the queued path: a duplicate costs the sender nothing, and
     * neither does a failure of the service ({@link #giveBackUnlessRefused}).
     */
    private void settleAllowance(UserId sender, @Nullable SendResult result, @Nullable RuntimeException failure) {
        if (failure != null) {
            giveBackUnlessRefused(sender, failure);
        } else if (result != null && result.duplicate()) {
            rateLimit.giveBack(sender);
        }
    }

    private static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause()
                : failure;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    /** What the combiner has done so far; all zero when batching is off. */
    public SendStatistics sendStatistics() {
        return combiner == null ? new SendStatistics(0, 0, 0) : combiner.statistics();
    }

    /** Sends waiting for the committer to take them; for tests. */
    int queuedSends() {
        return combiner == null ? 0 : combiner.queued();
    }

    /** Answers every queued send, then sends one per transaction; idempotent. */
    @Override
    public void close() {
        if (combiner != null) {
            combiner.close();
        }
    }

    private SendResult sendAlone(SendMessageCommand command) {
        return sendAlone(command, () -> { });
    }

    private SendResult sendAlone(SendMessageCommand command, Runnable began) {
        try {
            return transactions.inTransaction(() -> {
                began.run();
                return send(command);
            });
        } catch (DuplicateClientMsgIdException raced) {
            return answerRacedDuplicate(command, raced);
        }
    }

    /**
     * Only reachable if another writer inserted the same clientMsgId without taking the room lock; the unique
     * constraint stopped the second message and the first one is the answer.
     */
    private SendResult answerRacedDuplicate(SendMessageCommand command, DuplicateClientMsgIdException raced) {
        return transactions.readOnly(() -> findDuplicate(command))
                .map(original -> new SendResult(original, true))
                .orElseThrow(() -> raced);
    }

    private SendResult send(SendMessageCommand command) {
        Caller caller = command.caller();
        RoomAccess access = lockForAppend(command.roomId(), caller);
        // Checked under the room lock: a concurrent send of the same clientMsgId has committed by now.
        Optional<Message> duplicate = findDuplicate(command);
        if (duplicate.isPresent()) {
            return new SendResult(duplicate.get(), true);
        }
        MessageSent sent = newMessage(command, access.lastSeq() + 1);
        saveMessages.insertMessage(sent.message());
        commitEvent(sent);
        return new SendResult(sent.message(), false);
    }

    private MessageSent newMessage(SendMessageCommand command, long seq) {
        Caller caller = command.caller();
        return Message.send(
                MessageId.newId(),
                command.roomId(),
                seq,
                caller.id(),
                caller.displayName(),
                command.clientMsgId(),
                command.content(),
                clock.instant());
    }

    /**
     * One transaction for many sends: the same steps as {@link #send}, each done once for the whole batch. A
     * refused send (no room, not a member) is answered with its exception and takes no seq; a send that repeats
     * a clientMsgId stored before, or sent earlier in the same batch, is answered with that message.
     */
    private List<SendCombiner.Outcome> sendAll(List<SendMessageCommand> commands) {
        Set<RoomMemberKey> accessKeys = new LinkedHashSet<>();
        for (SendMessageCommand command : commands) {
            accessKeys.add(new RoomMemberKey(command.roomId(), command.caller().id()));
        }
        Map<RoomMemberKey, RoomAccess> access = rooms.lockAllForAppend(accessKeys);

        SendCombiner.Outcome[] outcomes = new SendCombiner.Outcome[commands.size()];
        List<ClientMsgKey> accepted = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            SendMessageCommand command = commands.get(i);
            RoomAccess roomAccess = access.get(new RoomMemberKey(command.roomId(), command.caller().id()));
            if (roomAccess == null) {
                outcomes[i] = SendCombiner.Outcome.failed(Rooms.roomNotFound());
            } else if (!roomAccess.isMember()) {
                outcomes[i] = SendCombiner.Outcome.failed(Rooms.notAMember());
            } else {
                accepted.add(clientMsgKey(command));
            }
        }
        // Read under the room locks, like the single send's check: a racing send of the same id has committed.
        Map<ClientMsgKey, Message> known = new HashMap<>();
        if (!accepted.isEmpty()) {
            for (Message stored : loadMessages.findByClientMsgIds(accepted)) {
                known.put(new ClientMsgKey(stored.roomId(), stored.senderId(), stored.clientMsgId()), stored);
            }
        }

        Map<RoomId, Long> lastSeqs = new HashMap<>();
        List<Message> inserts = new ArrayList<>(accepted.size());
        List<RoomEvent> events = new ArrayList<>(accepted.size());
        for (int i = 0; i < commands.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            SendMessageCommand command = commands.get(i);
            ClientMsgKey key = clientMsgKey(command);
            Message original = known.get(key);
            if (original != null) {
                outcomes[i] = SendCombiner.Outcome.of(new SendResult(original, true));
                continue;
            }
            RoomAccess roomAccess = access.get(new RoomMemberKey(command.roomId(), command.caller().id()));
            long seq = lastSeqs.merge(command.roomId(), roomAccess.lastSeq() + 1, (last, first) -> last + 1);
            MessageSent sent = newMessage(command, seq);
            inserts.add(sent.message());
            events.add(sent);
            known.put(key, sent.message());
            outcomes[i] = SendCombiner.Outcome.of(new SendResult(sent.message(), false));
        }
        if (!inserts.isEmpty()) {
            saveMessages.appendMessages(inserts);
            publishEvents.publish(events);
        }
        return List.of(outcomes);
    }

    private static ClientMsgKey clientMsgKey(SendMessageCommand command) {
        return new ClientMsgKey(command.roomId(), command.caller().id(), command.clientMsgId());
    }

    /** The combiner's two kinds of transaction. */
    private final class CombinedSends implements SendCombiner.Work {

        @Override
        public List<SendCombiner.Outcome> inOneTransaction(List<SendMessageCommand> commands, Runnable began) {
            return transactions.inTransaction(() -> {
                began.run();
                return sendAll(commands);
            });
        }

        @Override
        public SendResult alone(SendMessageCommand command, Runnable began) {
            return sendAlone(command, began);
        }
    }

    @Override
    public Message editMessage(EditMessageCommand command) {
        requireAllowance(command.caller().id());
        try {
            return transactions.inTransaction(() -> {
                RoomAccess access = lockForAppend(command.roomId(), command.caller());
                Message message = requireMessage(command.roomId(), command.messageId());
                MessageEdited edited = message.editBy(
                        command.caller().id(), command.content(), access.lastSeq() + 1, clock.instant());
                saveMessages.updateMessage(edited.message());
                commitEvent(edited);
                return edited.message();
            });
        } catch (RuntimeException failed) {
            giveBackUnlessRefused(command.caller().id(), failed);
            throw failed;
        }
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

    /**
     * Gives back the unit a send or edit took when the service, not the request, failed: anything but a domain
     * refusal (the database unreachable, a transaction that could not commit). Nothing was stored, and a client
     * re-sending its unacknowledged messages once the outage ends must not find its allowance spent on them. A
     * domain refusal (not a member, no such message, ...) keeps its unit: it is the request that was wrong.
     */
    private void giveBackUnlessRefused(UserId user, RuntimeException failure) {
        if (!(failure instanceof DomainException)) {
            rateLimit.giveBack(user);
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
