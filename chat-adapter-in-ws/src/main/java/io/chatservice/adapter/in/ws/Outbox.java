package io.chatservice.adapter.in.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

/**
 * Every frame this adapter sends to one session (room events, typing, acks, errors, receipts, the token-expiry
 * ERROR) goes out through this queue, in the order queued. Nothing leaves before the session's CONNECTED frame
 * has been written ({@link #open}).
 *
 * <p><b>Two ways out.</b> MESSAGE and RECEIPT frames ({@link OutboundFrame}, encoded once and shared by all the
 * sessions they go to) are written by this outbox itself, straight to the socket: one writer at a time per
 * session, on {@code writer} (virtual threads), never on the thread that queued them (the Redis I/O thread, for
 * room events). When several are queued, the writer takes them all, up to {@link #COALESCE_LIMIT_BYTES}, and
 * writes them as one WebSocket text message; STOMP allows several frames in one message, each ends with its NUL.
 * Nothing waits to be coalesced: what is queued when the writer comes round goes out, and a frame queued to an
 * idle session is written at once. The frames Spring must see (the ERROR before which it closes the connection,
 * and the broker's DISCONNECT receipt) go through the client outbound channel instead, in their turn: the next
 * frame leaves once the channel's handler is done with such a frame ({@link OutboundFrameTracking} runs the
 * release carried in {@link #RELEASE_HEADER}). The socket is the {@link WriteTrackingSession}, which serializes
 * these writes with Spring's own (CONNECTED, heart-beats).
 *
 * <p><b>Slow clients.</b> A client that does not read holds up its own writer only; its backlog waits here. More
 * than {@code bufferSizeLimit} bytes waiting while a write has lasted {@link #BURST_GRACE} (or four times as many
 * bytes at any time), more than {@link #FRAME_LIMIT} frames waiting, or one write (or channel frame) in flight
 * for longer than {@code sendTimeLimit}, and the session is given up
 * ({@code onLimitExceeded}) and the queue dropped; the client reconnects and syncs. A frame's bytes are its
 * encoded size (its body and headers) and a fixed overhead: a RECEIPT has no body, but its {@code receipt-id} is
 * whatever the client sent (up to the inbound frame limit), and a client that stops reading while it keeps asking
 * for receipts must run into the limit all the same. A write that fails (the connection is gone) drops the queue
 * too, and the socket is closed.
 */
final class Outbox {

    /** Carries the task that releases the next frame; a plain header, never written to the wire. */
    static final String RELEASE_HEADER = "chatOutboxRelease";

    /** What a queued frame costs besides its encoded bytes: the queue entry and its bookkeeping. */
    static final int FRAME_OVERHEAD_BYTES = 512;

    /** The most frames waiting for one session, however small: each one is objects on the heap. */
    static final int FRAME_LIMIT = 1024;

    /** How long the write in flight may last while more than the byte limit waits (a burst, not a stall). */
    static final Duration BURST_GRACE = Duration.ofMillis(500);

    /** Past this many times the byte limit waiting, the session is given up however recent its last write. */
    static final int HARD_LIMIT_FACTOR = 4;

    /**
     * The largest WebSocket message that several queued frames are put together into; a single frame larger than
     * this goes alone, as before. 8 KiB: it is the default text-message buffer of JSR-356 clients, so a client that
     * can read each frame alone can read them coalesced; and past a few frames a larger message saves little, the
     * write being one system call either way.
     */
    static final int COALESCE_LIMIT_BYTES = 8 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final String sessionId;
    private final WriteTrackingSession socket;
    private final MessageChannel channel;
    private final Executor writer;
    private final long bufferSizeLimit;
    private final Duration sendTimeLimit;
    private final LongSupplier nanoTime;
    private final Runnable onLimitExceeded;
    private final Runnable onWriteFailed;
    private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
    /** A writer is scheduled or running, or a channel frame waits for its release: nobody else may take frames. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    /** Only the writer that holds {@link #busy} numbers messages. */
    private long nextMessageId;
    private volatile long inFlightSince;
    private volatile boolean open;
    private volatile boolean closed;

    /**
     * @param socket where MESSAGE and RECEIPT frames are written; it must serialize writes with Spring's own
     * @param channel the client outbound channel, for the frames Spring handles itself
     * @param writer runs the writes (virtual threads); a write can block on a client that does not read
     * @param onWriteFailed told once when a write failed: the socket is unusable and should be closed
     */
    Outbox(String sessionId, WriteTrackingSession socket, MessageChannel channel, Executor writer, long bufferSizeLimit,
            Duration sendTimeLimit, LongSupplier nanoTime, Runnable onLimitExceeded, Runnable onWriteFailed) {
        this.sessionId = sessionId;
        this.socket = socket;
        this.channel = channel;
        this.writer = writer;
        this.bufferSizeLimit = bufferSizeLimit;
        this.sendTimeLimit = sendTimeLimit;
        this.nanoTime = nanoTime;
        this.onLimitExceeded = onLimitExceeded;
        this.onWriteFailed = onWriteFailed;
    }

    /**
     * Queues one delivery of a shared frame; {@code subscriptionId} for a MESSAGE, which also gets the session's
     * next message-id when it is written. Returns at once.
     */
    void send(OutboundFrame frame, @Nullable String subscriptionId) {
        if (closed) {
            return;
        }
        queue(new Written(frame, subscriptionId, FRAME_OVERHEAD_BYTES + frame.deliveryBytes(subscriptionId, sessionId)));
    }

    /** Queues a frame that Spring's STOMP handler must send itself (an ERROR, which it follows with the close). */
    void send(StompHeaderAccessor frame, byte[] payload) {
        if (closed) {
            return;
        }
        frame.setSessionId(sessionId);
        frame.setHeader(RELEASE_HEADER, new Release());
        Message<byte[]> message = MessageBuilder.createMessage(payload, frame.getMessageHeaders());
        queue(new Dispatched(message, cost(message)));
    }

    /** Queues a message Spring built (the DISCONNECT receipt), with headers copied and the release added. */
    void forward(Message<byte[]> message) {
        if (closed) {
            return;
        }
        MessageHeaders headers = message.getHeaders();
        var copy = MessageBuilder.withPayload(message.getPayload()).copyHeaders(headers)
                .setHeader(RELEASE_HEADER, new Release()).build();
        queue(new Dispatched(copy, cost(copy)));
    }

    /** The session's CONNECTED frame is out: frames may follow. */
    void open() {
        open = true;
        schedule();
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
        return closed || (queue.isEmpty() && !busy.get());
    }

    /** True while a write (or a channel frame) has been in flight longer than {@code threshold}. */
    boolean stalledLongerThan(Duration threshold) {
        long since = inFlightSince;
        return since != 0 && nanoTime.getAsLong() - since > threshold.toNanos();
    }

    static @Nullable Runnable releaseOf(Message<?> message) {
        return message.getHeaders().get(RELEASE_HEADER) instanceof Release release ? release : null;
    }

    /** The bytes a channel frame is counted for while it waits: its body, its native headers, the overhead. */
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

    private void queue(Queued frame) {
        long waiting = queuedBytes.addAndGet(frame.cost());
        int frames = queuedFrames.incrementAndGet();
        if (notReading(waiting, frames)) {
            if (!closed) {
                close();
                log.warn("Session {} is not reading its frames ({} frames, {} bytes waiting); closing it",
                        sessionId, frames, waiting);
                onLimitExceeded.run();
            }
            return;
        }
        queue.add(frame);
        schedule();
    }

    /**
     * Whether the backlog shows a client that does not read. Over {@code bufferSizeLimit} bytes counts only once
     * the write in flight has lasted {@link #BURST_GRACE}: a group commit can queue a whole batch of a room's
     * messages for every subscriber at once (up to 64 of 4,000 characters, about 1 MB), and a client that is
     * reading drains that in milliseconds. Over {@link #HARD_LIMIT_FACTOR} times the limit, or over the frame
     * limit, counts at once, so that the heap a session can hold stays bounded.
     */
    private boolean notReading(long waiting, int frames) {
        return frames > FRAME_LIMIT
                || waiting / HARD_LIMIT_FACTOR > bufferSizeLimit
                || (waiting > bufferSizeLimit && stalledLongerThan(BURST_GRACE))
                || stalledLongerThan(sendTimeLimit);
    }

    /** Starts a writer unless one is busy; the busy one takes what was queued meanwhile. */
    private void schedule() {
        if (open && !closed && !queue.isEmpty() && busy.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                busy.set(false);
                log.debug("Frames for session {} not written: the executor is shutting down", sessionId);
            }
        }
    }

    /** Holds {@link #busy}: writes what is queued, until the queue is empty or a channel frame is on its way. */
    private void drain() {
        while (!closed) {
            Queued first = take();
            if (first == null) {
                break;
            }
            if (first instanceof Dispatched dispatched) {
                if (dispatch(dispatched.message())) {
                    return; // its release lets the next frames go
                }
                continue;
            }
            Written written = (Written) first;
            FrameBytes text = new FrameBytes((int) Math.min(COALESCE_LIMIT_BYTES, written.cost()));
            long size = append(text, written);
            while (queue.peek() instanceof Written next && size + next.cost() - FRAME_OVERHEAD_BYTES
                    <= COALESCE_LIMIT_BYTES) {
                Queued taken = take();
                if (taken != next) {
                    break; // the queue was dropped meanwhile (closed)
                }
                size += append(text, next);
            }
            if (!write(text)) {
                return;
            }
        }
        busy.set(false);
        schedule(); // a frame queued after the last look, while busy was still set
    }

    private @Nullable Queued take() {
        Queued frame = queue.poll();
        if (frame != null) {
            queuedBytes.addAndGet(-frame.cost());
            queuedFrames.decrementAndGet();
        }
        return frame;
    }

    private long append(FrameBytes text, Written frame) {
        frame.frame().appendTo(text, frame.subscriptionId(), sessionId, nextMessageId);
        if (frame.frame().perSubscription()) {
            nextMessageId++;
        }
        return frame.cost() - FRAME_OVERHEAD_BYTES;
    }

    /** False when the write failed: the outbox is closed, the socket is being closed, nothing more is written. */
    private boolean write(FrameBytes text) {
        inFlightSince = nanoTime.getAsLong();
        try {
            socket.sendText(text);
            return true;
        } catch (IOException | RuntimeException failed) {
            log.debug("Writing to session {} failed; closing it", sessionId, failed);
            close();
            busy.set(false);
            onWriteFailed.run();
            return false;
        } finally {
            inFlightSince = 0;
        }
    }

    /** True when the channel took the frame: its release continues the drain. */
    private boolean dispatch(Message<byte[]> message) {
        inFlightSince = nanoTime.getAsLong();
        boolean dispatched;
        try {
            dispatched = channel.send(message);
        } catch (RuntimeException refused) {
            log.debug("Frame for session {} not dispatched", sessionId, refused);
            dispatched = false;
        }
        if (!dispatched) {
            inFlightSince = 0;
        }
        return dispatched;
    }

    private sealed interface Queued permits Written, Dispatched {

        /** What it was counted for while waiting, so that exactly that is taken off when it leaves. */
        long cost();
    }

    /** One delivery of a frame this outbox writes itself. */
    private record Written(OutboundFrame frame, @Nullable String subscriptionId, long cost) implements Queued {
    }

    /** A frame for the client outbound channel. */
    private record Dispatched(Message<byte[]> message, long cost) implements Queued {
    }

    /** Runs once, when the channel's handler is done with the frame that carried it. */
    private final class Release implements Runnable {

        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                inFlightSince = 0;
                busy.set(false);
                schedule();
            }
        }
    }
}
