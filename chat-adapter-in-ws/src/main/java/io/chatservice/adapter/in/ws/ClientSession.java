package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.Caller;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection as this adapter sees it: who it is (once CONNECT succeeded), the queue its frames
 * are processed in, the queue its answers leave by, and its write tracker. It is also where its room
 * subscriptions deliver, without looking it up ({@link RoomSubscriptions.Recipient}).
 */
final class ClientSession implements RoomSubscriptions.Recipient {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final String id;
    private final WriteTrackingSession socket;
    private final Outbox outbox;
    private final SerialExecutor inbox;
    private final Duration slowWriteThreshold;
    private volatile @Nullable Caller caller;
    private volatile DelayedTasks.@Nullable Scheduled expiry;
    private volatile boolean closed;
    /** A typing SEND was answered UNAVAILABLE and none has gone through since. */
    private volatile boolean typingUnavailableAnswered;
    /** Completes when the last pipelined send queued so far has been answered; see {@link #answerInOrder}. */
    private volatile CompletableFuture<Void> lastAnswer = CompletableFuture.completedFuture(null);
    private final Semaphore sendSlots = new Semaphore(StompFrameHandler.MAX_PIPELINED_SENDS);

    /** @param slowWriteThreshold a write in flight for longer than this makes the session {@link #backlogged} */
    ClientSession(String id, WriteTrackingSession socket, Outbox outbox, SerialExecutor inbox,
            Duration slowWriteThreshold) {
        this.id = id;
        this.socket = socket;
        this.outbox = outbox;
        this.inbox = inbox;
        this.slowWriteThreshold = slowWriteThreshold;
    }

    String id() {
        return id;
    }

    WriteTrackingSession socket() {
        return socket;
    }

    Outbox outbox() {
        return outbox;
    }

    SerialExecutor inbox() {
        return inbox;
    }

    /** The authenticated caller; null until CONNECT succeeded. */
    @Nullable Caller caller() {
        return caller;
    }

    void connected(Caller caller, DelayedTasks.Scheduled expiry) {
        this.caller = caller;
        this.expiry = expiry;
        if (closed) {
            expiry.cancel();
        }
    }

    /** Dropped once the session has closed: its outbox is closed then. */
    @Override
    public void send(String subscriptionId, OutboundFrame message) {
        outbox.send(message, subscriptionId);
    }

    @Override
    public boolean backlogged() {
        return socket.writeSlowerThan(slowWriteThreshold) || outbox.stalledLongerThan(slowWriteThreshold);
    }

    /**
     * A typing signal could not be sent: true the first time (answer it), false while the outage lasts (drop it),
     * until one goes through again ({@link #typingWentThrough}).
     */
    boolean firstTypingUnavailable() {
        boolean first = !typingUnavailableAnswered;
        typingUnavailableAnswered = true;
        return first;
    }

    void typingWentThrough() {
        typingUnavailableAnswered = false;
    }

    /**
     * Runs {@code answer} once {@code done} has completed and every answer queued before it has run, on
     * {@code executor}: a session's pipelined sends are answered in the order the session sent them, whatever
     * the order their commits complete in. Called from the session's frame queue only.
     */
    <T> void answerInOrder(CompletableFuture<T> done, BiConsumer<@Nullable T, @Nullable Throwable> answer,
            Executor executor) {
        CompletableFuture<Void> previous = lastAnswer;
        lastAnswer = done.handle(Outcome<T>::new)
                .thenCombine(previous, (outcome, ignored) -> outcome)
                .thenAcceptAsync(outcome -> answer.accept(outcome.value(), outcome.failure()), executor)
                .exceptionally(unexpected -> {
                    // The answer catches its own failures; this keeps the chain, and the session, moving.
                    log.error("Answering a send of session {} failed", id, unexpected);
                    return null;
                });
    }

    /** Waits while the session has {@link StompFrameHandler#MAX_PIPELINED_SENDS} sends unanswered. */
    void acquireSendSlot() {
        sendSlots.acquireUninterruptibly();
    }

    void releaseSendSlot() {
        sendSlots.release();
    }

    /** True when every pipelined send queued so far has been answered (its answer handed to the outbox). */
    boolean allSendsAnswered() {
        return lastAnswer.isDone();
    }

    /** Waits until every answer queued by {@link #answerInOrder} has run. Called from the session's frame queue. */
    void awaitAnswers() {
        lastAnswer.join();
    }

    private record Outcome<T>(@Nullable T value, @Nullable Throwable failure) {}

    boolean isClosed() {
        return closed;
    }

    void closed() {
        closed = true;
        outbox.close();
        DelayedTasks.Scheduled pending = expiry;
        if (pending != null) {
            pending.cancel();
        }
    }
}
