package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.Caller;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection as this adapter sees it: who it is (once CONNECT succeeded), the queue its frames
 * are processed in, the queue its answers leave by, and its write tracker.
 */
final class ClientSession {

    private final String id;
    private final WriteTrackingSession socket;
    private final Outbox outbox;
    private final SerialExecutor inbox;
    private volatile @Nullable Caller caller;
    private volatile DelayedTasks.@Nullable Scheduled expiry;
    private volatile boolean closed;
    /** A typing SEND was answered UNAVAILABLE and none has gone through since. */
    private volatile boolean typingUnavailableAnswered;

    ClientSession(String id, WriteTrackingSession socket, Outbox outbox, SerialExecutor inbox) {
        this.id = id;
        this.socket = socket;
        this.outbox = outbox;
        this.inbox = inbox;
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

    boolean backlogged(Duration threshold) {
        return socket.writeSlowerThan(threshold) || outbox.stalledLongerThan(threshold);
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
