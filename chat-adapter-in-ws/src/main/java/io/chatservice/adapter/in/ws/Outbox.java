package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Every frame this adapter sends to one session (room events, typing, acks, errors, receipts, the token-expiry
 * ERROR) goes out through this queue, one at a time, in the order queued: the client outbound channel runs each
 * message on its own thread, so two frames sent to it back to back could otherwise overtake each other. The next
 * frame leaves once the channel's handler is done with the previous one ({@link OutboundFrameTracking} runs the
 * release carried in {@link #RELEASE_HEADER}).
 *
 * <p>Nothing leaves before the session's CONNECTED frame has been written ({@link #open}).
 *
 * <p>Spring's own send limits only apply to frames that reach its buffer while another write is in progress; with
 * frames released one by one, a stalled client's backlog waits here instead. So the same limits are applied
 * here: more than {@code bufferSizeLimit} bytes waiting, or one frame in flight for longer than
 * {@code sendTimeLimit}, and the session is given up ({@code onLimitExceeded}) and the queue dropped; the client
 * reconnects and syncs.
 */
final class Outbox {

    /** Carries the task that releases the next frame; a plain header, never written to the wire. */
    static final String RELEASE_HEADER = "chatOutboxRelease";

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final String sessionId;
    private final MessageChannel channel;
    private final long bufferSizeLimit;
    private final Duration sendTimeLimit;
    private final LongSupplier nanoTime;
    private final Runnable onLimitExceeded;
    private final Queue<Message<byte[]>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private volatile long inFlightSince;
    private volatile boolean open;
    private volatile boolean closed;

    Outbox(String sessionId, MessageChannel channel, long bufferSizeLimit, Duration sendTimeLimit,
            LongSupplier nanoTime, Runnable onLimitExceeded) {
        this.sessionId = sessionId;
        this.channel = channel;
        this.bufferSizeLimit = bufferSizeLimit;
        this.sendTimeLimit = sendTimeLimit;
        this.nanoTime = nanoTime;
        this.onLimitExceeded = onLimitExceeded;
    }

    /** Queues a frame; a MESSAGE gets the session's next message-id. Returns at once. */
    void send(StompHeaderAccessor frame, byte[] payload) {
        if (closed) {
            return;
        }
        frame.setSessionId(sessionId);
        if (frame.getCommand() == StompCommand.MESSAGE) {
            frame.setMessageId(sessionId + "-" + messageIds.getAndIncrement());
        }
        frame.setHeader(RELEASE_HEADER, new Release());
        queue(MessageBuilder.createMessage(payload, frame.getMessageHeaders()));
    }

    /** Queues a message Spring built (the DISCONNECT receipt), with headers copied and the release added. */
    void forward(Message<byte[]> message) {
        if (closed) {
            return;
        }
        MessageHeaders headers = message.getHeaders();
        var copy = MessageBuilder.withPayload(message.getPayload()).copyHeaders(headers)
                .setHeader(RELEASE_HEADER, new Release()).build();
        queue(copy);
    }

    /** The session's CONNECTED frame is out: frames may follow. */
    void open() {
        open = true;
        trySend();
    }

    /** Drops what is queued; later frames are ignored. */
    void close() {
        closed = true;
        queue.clear();
        queuedBytes.set(0);
    }

    /** True while a frame has waited for the channel longer than {@code threshold}. */
    boolean stalledLongerThan(Duration threshold) {
        long since = inFlightSince;
        return since != 0 && nanoTime.getAsLong() - since > threshold.toNanos();
    }

    static @Nullable Runnable releaseOf(Message<?> message) {
        return message.getHeaders().get(RELEASE_HEADER) instanceof Release release ? release : null;
    }

    private void queue(Message<byte[]> message) {
        long waiting = queuedBytes.addAndGet(message.getPayload().length);
        if (waiting > bufferSizeLimit || stalledLongerThan(sendTimeLimit)) {
            if (!closed) {
                close();
                log.warn("Session {} is not reading its frames ({} bytes waiting); closing it", sessionId, waiting);
                onLimitExceeded.run();
            }
            return;
        }
        queue.add(message);
        trySend();
    }

    private void trySend() {
        while (open && !closed && !queue.isEmpty() && inFlight.compareAndSet(false, true)) {
            Message<byte[]> next = queue.poll();
            if (next == null) {
                inFlight.set(false);
                continue;
            }
            queuedBytes.addAndGet(-next.getPayload().length);
            inFlightSince = nanoTime.getAsLong();
            boolean dispatched;
            try {
                dispatched = channel.send(next);
            } catch (RuntimeException refused) {
                log.debug("Frame for session {} not dispatched", sessionId, refused);
                dispatched = false;
            }
            if (dispatched) {
                return;
            }
            inFlightSince = 0;
            inFlight.set(false);
        }
    }

    /** Runs once, when the channel's handler is done with the frame that carried it. */
    private final class Release implements Runnable {

        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                inFlightSince = 0;
                inFlight.set(false);
                trySend();
            }
        }
    }
}
