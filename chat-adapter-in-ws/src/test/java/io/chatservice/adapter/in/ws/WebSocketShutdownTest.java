package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

/** The two shutdown steps of the STOMP endpoint, on the adapter's real session registry with mocked sockets. */
class WebSocketShutdownTest {

    private final RecordingChannel outbound = new RecordingChannel(true);
    private final ClientSessions sessions;
    private final WebSocketShutdown shutdown;

    WebSocketShutdownTest() {
        WebSocketProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("chat.ws", WebSocketProperties.class);
        sessions = new ClientSessions(outbound, properties, task -> Thread.ofVirtual().start(task), new ManualTimer());
        shutdown = new WebSocketShutdown(sessions, Duration.ofMillis(200));
    }

    @Test
    void theCloseStatusIsServiceRestartWithAReasonThatFitsACloseFrame() {
        assertThat(WebSocketShutdown.CLOSE_STATUS.getCode()).isEqualTo(1012);
        assertThat(WebSocketShutdown.CLOSE_STATUS.getReason()).isEqualTo("SERVER_SHUTTING_DOWN: reconnect");
        assertThat(WebSocketShutdown.CLOSE_REASON.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(123);
    }

    @Test
    void handshakesAreAcceptedUntilTheDrainBeginsThenRefusedWith503() {
        assertThat(handshake()).isEqualTo(HttpStatus.OK.value());

        shutdown.drain();

        assertThat(sessions.refusing()).isTrue();
        assertThat(handshake()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
    }

    @Test
    void theDrainWaitsForAFrameBeingProcessedAndTheCloseClosesEverySessionWithTheReconnectStatus() throws Exception {
        WebSocketSession first = socket("s1");
        WebSocketSession second = socket("s2");
        ClientSession busy = sessions.opened(first);
        sessions.opened(second);
        CountDownLatch commit = new CountDownLatch(1);
        busy.inbox().offer(() -> {
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Thread draining = Thread.ofVirtual().start(shutdown::drain);
        draining.join(Duration.ofMillis(100));
        assertThat(draining.isAlive()).as("the drain waits for the frame being processed").isTrue();
        assertThat(handshake()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
        commit.countDown();
        draining.join(Duration.ofSeconds(5));
        assertThat(draining.isAlive()).isFalse();
        verify(first, never()).close(any());

        shutdown.closeSessions();

        verify(first, timeout(1000)).close(WebSocketShutdown.CLOSE_STATUS);
        verify(second, timeout(1000)).close(WebSocketShutdown.CLOSE_STATUS);
    }

    @Test
    void theDrainGivesUpAfterItsTimeout() throws Exception {
        ClientSession busy = sessions.opened(socket("s1"));
        CountDownLatch never = new CountDownLatch(1);
        busy.inbox().offer(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();

        shutdown.drain();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        never.countDown();
    }

    @Test
    void theDrainTheFinalWaitAndTheCloseShareOneBudgetFromTheStartOfTheShutdown() throws Exception {
        Duration budget = Duration.ofSeconds(1);
        var bounded = new WebSocketShutdown(sessions, budget);
        WebSocketSession socket = socket("s1");
        ClientSession busy = sessions.opened(socket);
        CountDownLatch never = new CountDownLatch(1);
        busy.inbox().offer(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();

        bounded.drain();
        long closeStarted = System.nanoTime();
        bounded.closeSessions();
        Duration closing = Duration.ofNanos(System.nanoTime() - closeStarted);

        // Each wait on its own budget would have taken another second for the idle wait and one more for the close
        // (the mocked socket never reports itself closed).
        assertThat(Duration.ofNanos(closeStarted - started)).isGreaterThanOrEqualTo(budget);
        assertThat(closing).isLessThan(budget.dividedBy(2));
        // No time left to wait for it, but the session is still told to reconnect.
        verify(socket, timeout(1000)).close(WebSocketShutdown.CLOSE_STATUS);
        never.countDown();
    }

    private int handshake() {
        var response = new MockHttpServletResponse();
        boolean proceed = shutdown.beforeHandshake(new ServletServerHttpRequest(new MockHttpServletRequest()),
                new ServletServerHttpResponse(response), mock(WebSocketHandler.class), new HashMap<>());
        return proceed ? HttpStatus.OK.value() : response.getStatus();
    }

    private static WebSocketSession socket(String id) {
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.getId()).thenReturn(id);
        when(socket.isOpen()).thenReturn(true);
        return socket;
    }
}
