package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

class FlushBeforeCloseSessionTest {

    /** A thread per task: the common pool may have a single thread on a small machine. */
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> wire = new CopyOnWriteArrayList<>();
    private final CountDownLatch connectedWriteStarted = new CountDownLatch(1);
    private final CountDownLatch finishConnectedWrite = new CountDownLatch(1);

    @AfterEach
    void stopThreads() {
        finishConnectedWrite.countDown();
        threads.close();
    }

    /** A socket whose first write (CONNECTED) stays in progress until the test lets it finish. */
    private WebSocketSession socket() throws Exception {
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.getId()).thenReturn("s-1");
        when(socket.isOpen()).thenReturn(true);
        doAnswer(call -> {
            String text = ((WebSocketMessage<?>) call.getArgument(0)).getPayload().toString();
            if (text.startsWith("CONNECTED")) {
                connectedWriteStarted.countDown();
                finishConnectedWrite.await(5, TimeUnit.SECONDS);
            }
            wire.add(text);
            return null;
        }).when(socket).sendMessage(any());
        doAnswer(call -> {
            wire.add("close " + ((CloseStatus) call.getArgument(0)).getCode());
            return null;
        }).when(socket).close(any());
        return socket;
    }

    @Test
    void anErrorQueuedBehindAWriteInProgressIsWrittenBeforeTheClose() throws Exception {
        FlushBeforeCloseSession session = new FlushBeforeCloseSession(socket(), 10_000, 512 * 1024);
        CompletableFuture<Void> connected = connectedWriteInProgress(session);

        // What Spring does with a bad frame: the ERROR (only queued: the CONNECTED write holds the buffer)...
        session.sendMessage(new TextMessage("ERROR"));
        // ...then the close, which must let the queued ERROR out first.
        CompletableFuture<Void> closed =
                CompletableFuture.runAsync(() -> close(session, CloseStatus.PROTOCOL_ERROR), threads);
        Thread.sleep(50);
        assertThat(wire).as("nothing closes while the ERROR waits").isEmpty();
        finishConnectedWrite.countDown();

        connected.get(5, TimeUnit.SECONDS);
        closed.get(5, TimeUnit.SECONDS);
        assertThat(wire).containsExactly("CONNECTED", "ERROR", "close " + CloseStatus.PROTOCOL_ERROR.getCode());
    }

    @Test
    void anUnreliableSessionIsClosedWithoutWaitingForItsWrites() throws Exception {
        assertThat(closeWhileCONNECTEDIsBeingWritten(CloseStatus.SESSION_NOT_RELIABLE))
                .isLessThan(FlushBeforeCloseSession.FLUSH_WAIT);
    }

    @Test
    void aCloseWaitsAtMostTheFlushWaitForAWriteThatDoesNotEnd() throws Exception {
        assertThat(closeWhileCONNECTEDIsBeingWritten(CloseStatus.PROTOCOL_ERROR))
                .isGreaterThanOrEqualTo(FlushBeforeCloseSession.FLUSH_WAIT)
                .isLessThan(FlushBeforeCloseSession.FLUSH_WAIT.multipliedBy(3));
    }

    /** How long the close took; the CONNECTED write is let go only after it. */
    private Duration closeWhileCONNECTEDIsBeingWritten(CloseStatus status) throws Exception {
        FlushBeforeCloseSession session = new FlushBeforeCloseSession(socket(), 10_000, 512 * 1024);
        CompletableFuture<Void> connected = connectedWriteInProgress(session);

        long start = System.nanoTime();
        session.close(status);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(wire).containsExactly("close " + status.getCode());
        finishConnectedWrite.countDown();
        connected.get(5, TimeUnit.SECONDS);
        return took;
    }

    /** Another thread writes CONNECTED, and that write is still in progress when this returns. */
    private CompletableFuture<Void> connectedWriteInProgress(WebSocketSession session) throws InterruptedException {
        CompletableFuture<Void> connected = CompletableFuture.runAsync(() -> send(session, "CONNECTED"), threads);
        assertThat(connectedWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
        return connected;
    }

    private static void send(WebSocketSession session, String text) {
        try {
            session.sendMessage(new TextMessage(text));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
