package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

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
 * here: more than {@code bufferSizeLimit} bytes waiting, more than {@link #FRAME_LIMIT} frames waiting, or one
 * frame in flight for longer than {@code sendTimeLimit}, and the session is given up ({@code onLimitExceeded}) and
 * the queue dropped; the client reconnects and syncs. A frame's bytes are its body, its headers and a fixed
 * overhead: a RECEIPT has no body, but its {@code receipt-id} is whatever the client sent (up to the inbound frame
 * limit), and a client that stops reading while it keeps asking for receipts must run into the limit all the same.
 */
final class Outbox {

    /** Carries the task that releases the next frame; a plain header, never written to the wire. */
    static final String RELEASE_HEADER = "chatOutboxRelease";

    /** What a queued frame costs besides its body and headers: the message, its header map, the queue node. */
    static final int FRAME_OVERHEAD_BYTES = 512;

    /** The most frames waiting for one session, however small: each one is objects on the heap. */
    static final int FRAME_LIMIT = 1024;

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final String sessionId;
    private final MessageChannel channel;
    private final long bufferSizeLimit;
    private final Duration sendTimeLimit;
    private final LongSupplier nanoTime;
    private final Runnable onLimitExceeded;
    private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedFrames = new AtomicInteger();
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
        queuedFrames.set(0);
    }

    /** True when every frame queued so far has been handed over and written (or the outbox was closed). */
    boolean isIdle() {
        return closed || (queue.isEmpty() && !inFlight.get());
    }

    /** True while a frame has waited for the channel longer than {@code threshold}. */
    boolean stalledLongerThan(Duration threshold) {
        long since = inFlightSince;
        return since != 0 && nanoTime.getAsLong() - since > threshold.toNanos();
    }

    static @Nullable Runnable releaseOf(Message<?> message) {
        return message.getHeaders().get(RELEASE_HEADER) instanceof Release release ? release : null;
    }

    /** The bytes a frame is counted for while it waits. */
    static long cost(Message<byte[]> message) {
        long cost = FRAME_OVERHEAD_BYTES + message.getPayload().length;
        if (message.getHeaders().get(NativeMessageHeaderAccessor.NATIVE_HEADERS) instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> header : headers.entrySet()) {
                cost += String.valueOf(header.getKey()).length();
                if (header.getValue() instanceof List<?> values) {
                    for (Object value : values) {
                        cost += String.valueOf(value).length();
                    }
                }
            }
        }
        return cost;
    }

    private void queue(Message<byte[]> message) {
        long cost = cost(message);
        long waiting = queuedBytes.addAndGet(cost);
        int frames = queuedFrames.incrementAndGet();
        if (waiting > bufferSizeLimit || frames > FRAME_LIMIT || stalledLongerThan(sendTimeLimit)) {
            if (!closed) {
                close();
                log.warn("Session {} is not reading its frames ({} frames, {} bytes waiting); closing it",
                        sessionId, frames, waiting);
                onLimitExceeded.run();
            }
            return;
        }
        queue.add(new Queued(message, cost));
        trySend();
    }

    private void trySend() {
        while (open && !closed && !queue.isEmpty() && inFlight.compareAndSet(false, true)) {
            Queued next = queue.poll();
            if (next == null) {
                inFlight.set(false);
                continue;
            }
            queuedBytes.addAndGet(-next.cost());
            queuedFrames.decrementAndGet();
            inFlightSince = nanoTime.getAsLong();
            boolean dispatched;
            try {
                dispatched = channel.send(next.message());
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

    /** A waiting frame with what it was counted for, so that exactly that is taken off when it leaves. */
    private record Queued(Message<byte[]> message, long cost) {
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
