package io.chatservice.adapter.in.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Spring's send buffer for a STOMP session (the frames Spring writes itself: CONNECTED, heart-beats, ERROR), made
 * to deliver a queued ERROR before the close that follows it.
 *
 * <p>Spring answers a bad frame with an ERROR and closes the session right after. When another thread is still
 * writing to the session at that moment (the CONNECTED the client has just read, a heart-beat), Spring's buffer
 * only queues the ERROR for that thread and returns, and the close, which comes next, stops the buffer: the
 * client sees the socket close (1002) without the ERROR that says why. Here a close waits, for at most
 * {@link #FLUSH_WAIT}, until no thread is writing through the buffer any more, so the queued ERROR is written
 * first. A close for an unreliable session (a client not reading) does not wait: nothing would come of it.
 */
final class FlushBeforeCloseSession extends ConcurrentWebSocketSessionDecorator {

    /** Long enough for a write in progress to a client that reads; one that does not is closed all the same. */
    static final Duration FLUSH_WAIT = Duration.ofSeconds(1);

    private static final ThreadLocal<Boolean> SENDING = new ThreadLocal<>();

    /** Threads inside {@link #sendMessage}; the one that holds the buffer leaves only once it is empty. */
    private final AtomicInteger sending = new AtomicInteger();

    FlushBeforeCloseSession(WebSocketSession delegate, int sendTimeLimit, int bufferSizeLimit) {
        super(delegate, sendTimeLimit, bufferSizeLimit);
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        sending.incrementAndGet();
        SENDING.set(Boolean.TRUE);
        try {
            super.sendMessage(message);
        } finally {
            SENDING.remove();
            sending.decrementAndGet();
        }
    }

    @Override
    public void close(CloseStatus status) throws IOException {
        // A close from inside a send (a write that failed) must not wait for itself.
        if (!CloseStatus.SESSION_NOT_RELIABLE.equals(status) && SENDING.get() == null) {
            awaitWritersGone();
        }
        super.close(status);
    }

    private void awaitWritersGone() {
        long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
        while (sending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
