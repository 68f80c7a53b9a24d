package io.chatservice.adapter.in.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * Sits under Spring's send buffer, right above the container's session, so it sees each write to the wire: while
 * one has been in progress for a while, the client is not reading fast enough. Ephemeral broadcasts skip such a
 * session; Spring's own buffer and time limits close it if it stays that way.
 *
 * <p>Two writers use it: Spring's send buffer (CONNECTED, heart-beats, ERROR frames) and the session's
 * {@link Outbox}, which writes the adapter's frames directly. The container allows one write at a time per
 * session, so writes take turns here.
 */
final class WriteTrackingSession extends WebSocketSessionDecorator {

    private final LongSupplier nanoTime;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile long writeStartedAt;
    private volatile boolean writing;
    /** Guarded by {@link #writeLock}; see {@link #tomcatWriter}. */
    private boolean containerResolved;
    private @Nullable TomcatTextWriter tomcat;

    WriteTrackingSession(WebSocketSession delegate) {
        this(delegate, System::nanoTime);
    }

    WriteTrackingSession(WebSocketSession delegate, LongSupplier nanoTime) {
        super(delegate);
        this.nanoTime = nanoTime;
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        tracked(() -> super.sendMessage(message));
    }

    /**
     * Writes one text message, the {@link Outbox}'s way: its UTF-8 bytes, encoded once per frame rather than per
     * delivery. On Tomcat they go to the wire as they are ({@link TomcatTextWriter}); anywhere else (SockJS, which
     * must wrap its frames itself, or another container) as an ordinary text message.
     */
    void sendText(FrameBytes text) throws IOException {
        tracked(() -> {
            TomcatTextWriter writer = tomcatWriter();
            if (writer != null) {
                writer.write(text.buffer());
                return;
            }
            super.sendMessage(new TextMessage(text.toString()));
        });
    }

    /** One write at a time, its start recorded for {@link #writeSlowerThan}. */
    private void tracked(Write write) throws IOException {
        writeLock.lock();
        try {
            writeStartedAt = nanoTime.getAsLong();
            writing = true;
            try {
                write.run();
            } finally {
                writing = false;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Tomcat's writer for the container's session under a plain WebSocket; null for SockJS, whose frames must be
     * wrapped by SockJS, and for other containers. Looked up on the first write and kept (under the write lock):
     * walking the decorators on every write showed in a JFR profile of the delivery path.
     */
    private @Nullable TomcatTextWriter tomcatWriter() {
        if (!containerResolved) {
            WebSocketSession last = getLastSession();
            jakarta.websocket.Session container = last instanceof SockJsSession
                            || !(last instanceof NativeWebSocketSession nativeSession)
                    ? null
                    : nativeSession.getNativeSession(jakarta.websocket.Session.class);
            tomcat = container == null ? null : TomcatTextWriter.of(container);
            containerResolved = true;
        }
        return tomcat;
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    /** True while the current write has taken longer than {@code threshold}. */
    boolean writeSlowerThan(Duration threshold) {
        return writing && nanoTime.getAsLong() - writeStartedAt > threshold.toNanos();
    }
}
