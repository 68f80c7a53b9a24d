package io.chatservice.adapter.in.ws;

import io.chatservice.adapter.in.ws.Destinations.DeleteMessage;
import io.chatservice.adapter.in.ws.Destinations.EditMessage;
import io.chatservice.adapter.in.ws.Destinations.MarkRead;
import io.chatservice.adapter.in.ws.Destinations.PostMessage;
import io.chatservice.adapter.in.ws.Destinations.RoomTopic;
import io.chatservice.adapter.in.ws.Destinations.SendRoute;
import io.chatservice.adapter.in.ws.Destinations.SubscribeTarget;
import io.chatservice.adapter.in.ws.Destinations.Typing;
import io.chatservice.adapter.in.ws.Destinations.UserQueue;
import io.chatservice.adapter.in.ws.Replies.AckStatus;
import io.chatservice.adapter.in.ws.RoomSubscriptions.Outcome;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.MarkReadUseCase;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.TypingCommand;
import io.chatservice.application.port.in.TypingUseCase;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import tools.jackson.databind.JsonNode;

/**
 * What a connected session's SUBSCRIBE, UNSUBSCRIBE and SEND frames do. Runs in the session's own queue
 * ({@link SerialExecutor}, virtual threads), one frame at a time, so a frame is answered before the next one of
 * the same session is looked at.
 *
 * <p>A SEND calls the same use case as REST; once it returns (committed), the ack goes to the session's
 * {@code /user/queue/acks} subscriptions, then the RECEIPT if the frame asked for one. Any failure is answered on
 * {@code /user/queue/errors} instead, with the {@code clientMsgId} when the body had a valid one, and no RECEIPT:
 * for a client the error is the answer. Nothing here closes the connection; an unexpected exception is logged and
 * answered with INTERNAL_ERROR.
 */
final class StompFrameHandler {

    private static final Logger log = LoggerFactory.getLogger(StompFrameHandler.class);

    /** At most one warning per interval while the database is unreachable: every frame would fail the same way. */
    static final Duration DATABASE_WARNING_INTERVAL = Duration.ofSeconds(10);

    /**
     * How many of one session's message SENDs may be committing at once. The next one waits for a slot, and the
     * session's later frames wait behind it (then its bounded frame queue refuses more), so a fast client is
     * slowed to the commit rate instead of being buffered without end.
     */
    static final int MAX_PIPELINED_SENDS = 32;

    /** How long {@link #close} waits for pipelined sends to be answered. */
    private static final Duration ANSWER_SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final ClientSessions sessions;
    private final RoomSubscriptions subscriptions;
    private final SendMessageUseCase sendMessage;
    private final EditMessageUseCase editMessage;
    private final DeleteMessageUseCase deleteMessage;
    private final TypingUseCase typing;
    private final MarkReadUseCase markRead;
    private final @Nullable SimpleAsyncTaskExecutor frameExecutor;
    private final Throttle databaseWarnings = new Throttle(DATABASE_WARNING_INTERVAL, System::nanoTime);
    private final Executor answers = this::answer;
    /** Pipelined sends not answered yet, over all sessions; {@link #close} waits for them. */
    private final AtomicInteger unansweredSends = new AtomicInteger();

    /** @param frameExecutor runs the sessions' queues; closed by {@link #close} (null: not this handler's to close) */
    StompFrameHandler(
            ClientSessions sessions,
            RoomSubscriptions subscriptions,
            SendMessageUseCase sendMessage,
            EditMessageUseCase editMessage,
            DeleteMessageUseCase deleteMessage,
            TypingUseCase typing,
            MarkReadUseCase markRead,
            @Nullable SimpleAsyncTaskExecutor frameExecutor) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.sendMessage = sendMessage;
        this.editMessage = editMessage;
        this.deleteMessage = deleteMessage;
        this.typing = typing;
        this.markRead = markRead;
        this.frameExecutor = frameExecutor;
    }

    /**
     * On shutdown, before the use cases go away: frames being processed may finish, and pipelined sends be
     * answered (a SEND committing gets its ack if the connection is still there), each for a bounded time; frames
     * not yet started are not run.
     */
    void close() {
        if (frameExecutor != null) {
            frameExecutor.close();
        }
        long deadline = System.nanoTime() + ANSWER_SHUTDOWN_WAIT.toNanos();
        synchronized (unansweredSends) {
            long left;
            while (unansweredSends.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    unansweredSends.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void subscribe(
            ClientSession session,
            @Nullable String subscriptionId,
            @Nullable String destination,
            @Nullable String receipt) {
        session.awaitAnswers();
        try {
            if (subscriptionId == null || subscriptionId.isEmpty()) {
                throw StompRequestException.invalid("SUBSCRIBE needs an id header");
            }
            SubscribeTarget target = Destinations.subscribeTarget(destination);
            Outcome outcome = switch (target) {
                case UserQueue queue -> subscriptions.subscribeQueue(session.id(), subscriptionId, queue);
                case RoomTopic topic -> subscriptions.subscribeRoom(session.id(), subscriptionId, topic);
            };
            switch (outcome) {
                case SUBSCRIBED -> receipt(session, receipt);
                case DUPLICATE_ID -> throw StompRequestException.invalid(
                        "the subscription id is already in use on this connection");
                case NO_LONGER_MEMBER -> throw new StompRequestException(
                        ErrorCode.FORBIDDEN, RoomSubscriptions.REVOKED.message());
                case TOO_MANY_SUBSCRIPTIONS -> throw new StompRequestException(ErrorCode.RATE_LIMITED,
                        "this connection has as many subscriptions as it may have; unsubscribe first");
                case SESSION_CLOSED -> log.debug("SUBSCRIBE of closed session {} dropped", session.id());
            }
        } catch (RuntimeException failure) {
            answerFailure(session, "SUBSCRIBE", failure, null, destination, subscriptionId);
        }
    }

    void unsubscribe(ClientSession session, @Nullable String subscriptionId, @Nullable String receipt) {
        session.awaitAnswers();
        if (subscriptionId == null || subscriptionId.isEmpty()) {
            answerFailure(session, "UNSUBSCRIBE",
                    StompRequestException.invalid("UNSUBSCRIBE needs an id header"), null, null, null);
            return;
        }
        subscriptions.unsubscribe(session.id(), subscriptionId);
        receipt(session, receipt);
    }

    void send(ClientSession session, @Nullable String destination, @Nullable String receipt, byte[] payload) {
        JsonNode body = null;
        StompRequestException unreadable = null;
        try {
            body = SendPayloads.object(payload);
        } catch (StompRequestException notAnObject) {
            unreadable = notAnObject;
        }
        String clientMsgId = body == null ? null : SendPayloads.validClientMsgId(body);
        if (unreadable == null && body != null && postedMessage(destination) instanceof PostMessage post) {
            postPipelined(session, post, body, clientMsgId, destination, receipt);
            return;
        }
        // Anything else is answered after every send before it, so that a client sees its answers in frame order.
        session.awaitAnswers();
        try {
            Caller caller = caller(session);
            SendRoute route = Destinations.sendRoute(destination);
            if (unreadable != null) {
                throw unreadable;
            }
            switch (route) {
                case PostMessage post -> throw new IllegalStateException("a readable message SEND is pipelined");
                case EditMessage edit -> {
                    var request = SendPayloads.editMessage(body);
                    Message edited = editMessage.editMessage(
                            new EditMessageCommand(caller, edit.roomId(), edit.messageId(), request.content()));
                    ack(session, value(request.clientMsgId()), edited.id().value(), edited.lastEventSeq(),
                            AckStatus.ACCEPTED);
                }
                case DeleteMessage delete -> {
                    var request = SendPayloads.deleteMessage(body);
                    Message deleted = deleteMessage.deleteMessage(
                            new DeleteMessageCommand(caller, delete.roomId(), delete.messageId()));
                    ack(session, value(request.clientMsgId()), deleted.id().value(), deleted.lastEventSeq(),
                            AckStatus.ACCEPTED);
                }
                case Typing typed -> {
                    if (!typing(session, caller, typed, SendPayloads.typing(body).typing(), receipt)) {
                        return;
                    }
                }
                case MarkRead read -> markRead.markRead(
                        new MarkReadCommand(caller, read.roomId(), SendPayloads.markRead(body).lastReadMessageId()));
            }
            receipt(session, receipt);
        } catch (RuntimeException failure) {
            answerFailure(session, "SEND", failure, clientMsgId, destination, null);
        }
    }

    private static @Nullable SendRoute postedMessage(@Nullable String destination) {
        try {
            return Destinations.sendRoute(destination);
        } catch (RuntimeException notARoute) {
            return null; // answered in frame order by the general path
        }
    }

    /**
     * A message SEND is queued for commit and the session's next frame is looked at at once; the ack (or error)
     * and the RECEIPT follow the commit, in the order of the session's frames. This lets one connection have up to
     * {@link #MAX_PIPELINED_SENDS} messages in one group commit instead of one message per commit round. The
     * queue keeps the client's order: sends queued one after another commit in that order.
     */
    private void postPipelined(ClientSession session, PostMessage post, JsonNode body, @Nullable String clientMsgId,
            @Nullable String destination, @Nullable String receipt) {
        session.acquireSendSlot();
        unansweredSends.incrementAndGet();
        CompletableFuture<SendResult> committed;
        String acceptedClientMsgId = null;
        try {
            var request = SendPayloads.postMessage(body);
            acceptedClientMsgId = request.clientMsgId().value();
            committed = sendMessage.sendMessageQueued(new SendMessageCommand(
                    caller(session), post.roomId(), request.clientMsgId(), request.content())).toCompletableFuture();
        } catch (RuntimeException refused) {
            committed = CompletableFuture.failedFuture(refused);
        }
        String ackClientMsgId = acceptedClientMsgId;
        session.answerInOrder(committed, (result, failure) -> {
            try {
                if (failure == null && result != null) {
                    ackSent(session, ackClientMsgId, result);
                    receipt(session, receipt);
                } else {
                    answerFailure(session, "SEND", unwrap(failure), clientMsgId, destination, null);
                }
            } finally {
                session.releaseSendSlot();
                if (unansweredSends.decrementAndGet() == 0) {
                    synchronized (unansweredSends) {
                        unansweredSends.notifyAll();
                    }
                }
            }
        }, answers);
    }

    private void ackSent(ClientSession session, @Nullable String clientMsgId, SendResult result) {
        Message message = result.message();
        ack(session, clientMsgId, message.id().value(), message.seq(),
                result.duplicate() ? AckStatus.DUPLICATE : AckStatus.ACCEPTED);
    }

    private static RuntimeException unwrap(@Nullable Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause()
                : failure;
        return cause instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException("send failed", cause);
    }

    /** Answers run on the frame executor; once it is closed (shutdown), on the thread that completed the send. */
    private void answer(Runnable task) {
        if (frameExecutor == null) {
            task.run();
            return;
        }
        try {
            frameExecutor.execute(task);
        } catch (TaskRejectedException closed) {
            task.run();
        }
    }

    /**
     * A SEND or SUBSCRIBE that arrived after shutdown began: not processed, answered SERVER_SHUTTING_DOWN (with the
     * SEND's {@code clientMsgId}) so that the client knows to send it again after reconnecting. No RECEIPT.
     */
    void refuseShuttingDown(
            ClientSession session,
            String command,
            byte @Nullable [] payload,
            @Nullable String destination,
            @Nullable String subscriptionId) {
        session.awaitAnswers();
        String clientMsgId = null;
        if (payload != null) {
            try {
                clientMsgId = SendPayloads.validClientMsgId(SendPayloads.object(payload));
            } catch (StompRequestException notAnObject) {
                // No clientMsgId to echo; the client matches the error by the order of its frames.
            }
        }
        answerFailure(session, command, new StompRequestException(ErrorCode.SERVER_SHUTTING_DOWN,
                        "this server is shutting down and did not process the frame; reconnect and send it again"),
                clientMsgId, destination, subscriptionId);
    }

    /**
     * Sends a typing signal. While the broadcast channel is down, a client typing would get an UNAVAILABLE error
     * every few seconds, none of them telling it anything new: only the first one after a signal went through is
     * answered, the others are dropped silently (false), unless the frame asked for a receipt, which always gets
     * its answer.
     */
    private boolean typing(ClientSession session, Caller caller, Typing typed, boolean typingNow,
            @Nullable String receipt) {
        try {
            typing.typing(new TypingCommand(caller, typed.roomId(), typingNow));
        } catch (RealtimeUnavailableException unavailable) {
            if (receipt == null && !session.firstTypingUnavailable()) {
                log.debug("Typing of session {} dropped: broadcasts are unavailable", session.id());
                return false;
            }
            throw unavailable;
        }
        session.typingWentThrough();
        return true;
    }

    /** DISCONNECT: after every frame before it was answered, the session's subscriptions end. */
    void disconnect(ClientSession session) {
        session.awaitAnswers();
        subscriptions.closeSession(session.id());
    }

    private static Caller caller(ClientSession session) {
        Caller caller = session.caller();
        if (caller == null) {
            // The inbound guard queues frames only for connected sessions.
            throw new IllegalStateException("frame of a session that is not connected");
        }
        return caller;
    }

    private void ack(ClientSession session, @Nullable String clientMsgId, String messageId, long seq,
            AckStatus status) {
        sessions.sendToQueue(session, subscriptions.queueSubscriptions(session.id(), UserQueue.ACKS), UserQueue.ACKS,
                Replies.ack(clientMsgId, messageId, seq, status));
    }

    private void receipt(ClientSession session, @Nullable String receipt) {
        if (receipt != null) {
            sessions.receipt(session, receipt);
        }
    }

    private void answerFailure(
            ClientSession session,
            String command,
            RuntimeException failure,
            @Nullable String clientMsgId,
            @Nullable String destination,
            @Nullable String subscriptionId) {
        StompError error = StompError.of(failure);
        if (error.isUnexpected()) {
            log.error("Unexpected failure handling a {} of session {}", command, session.id(), failure);
        } else if (DatabaseOutage.causes(failure)) {
            // The service's condition, as over REST: without the stack, and not once per frame.
            long notLogged = databaseWarnings.pass();
            if (notLogged >= 0) {
                log.warn("Database unavailable handling a {} of session {}: {} ({} more like it not logged; at most"
                        + " one such warning per {})", command, session.id(), failure, notLogged,
                        DATABASE_WARNING_INTERVAL);
            }
        }
        sessions.sendToQueue(session, subscriptions.queueSubscriptions(session.id(), UserQueue.ERRORS),
                UserQueue.ERRORS, Replies.error(error, clientMsgId, destination, subscriptionId));
    }

    private static @Nullable String value(@Nullable ClientMsgId clientMsgId) {
        return clientMsgId == null ? null : clientMsgId.value();
    }
}
