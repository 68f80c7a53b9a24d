package io.chatservice.it.ws;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import org.springframework.web.socket.sockjs.client.SockJsClient;
import org.springframework.web.socket.sockjs.client.WebSocketTransport;

/**
 * Opens real STOMP connections to a running server, through Spring's {@link WebSocketStompClient} over a
 * JSR-356 WebSocket ({@code /ws}) or SockJS ({@code /ws-sockjs}), the way a Java client would.
 */
public final class StompTestClient {

    /** What the client asks for in CONNECT; the server's CONNECTED says what it grants. */
    public static final long[] CLIENT_HEARTBEAT = {10_000, 10_000};

    private static final Duration CONNECT_TIMEOUT = StompConnection.TIMEOUT;

    /** Shared by every connection of the run: heart-beats and receipt deadlines are all it schedules. */
    private static final ThreadPoolTaskScheduler SCHEDULER = scheduler();

    /** Room events carry up to 4000 characters of content; the default 8 KiB text buffer would cut them off. */
    private static final WebSocketContainer CONTAINER = container();

    private final int port;

    public StompTestClient(int port) {
        this.port = port;
    }

    /**
     * Connects with {@code Authorization: Bearer token} over plain WebSocket, subscribed to its acks and errors;
     * {@code label} names the connection in failure messages.
     */
    public StompConnection connect(String token, String label) {
        return connect(token, label, new StandardWebSocketClient(CONTAINER), "ws://localhost:" + port + "/ws");
    }

    /** The same over SockJS, with the WebSocket transport only (what a browser would pick first). */
    public StompConnection connectSockJs(String token, String label) {
        SockJsClient sockJs = new SockJsClient(List.of(new WebSocketTransport(new StandardWebSocketClient(CONTAINER))));
        return connect(token, label, sockJs, "http://localhost:" + port + "/ws-sockjs");
    }

    /**
     * Sends CONNECT with the given token (none when null), which the server must refuse: returns the ERROR frame
     * it answered with and how it then closed the connection. Fails when the server accepts the CONNECT, or
     * answers nothing, or leaves the connection open.
     */
    public StompRefusal connectExpectingError(@Nullable String token) {
        ObservedWebSocketClient socket = new ObservedWebSocketClient(new StandardWebSocketClient(CONTAINER));
        WebSocketStompClient client = stompClient(socket);
        StompConnection connection = new StompConnection("refused", socket, client);
        CompletableFuture<StompSession> connected = client.connectAsync(
                URI.create("ws://localhost:" + port + "/ws"), new WebSocketHttpHeaders(), connectHeaders(token),
                connection.handler());
        try {
            StompSession session = connected.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            session.disconnect();
            throw new AssertionError("the server accepted a CONNECT it must refuse (token " + token + ")");
        } catch (ExecutionException refused) {
            ReceivedFrame error = connection.awaitErrorFrame();
            CloseStatus status = connection.awaitClosed(CONNECT_TIMEOUT);
            return new StompRefusal(error, status, refused.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the server neither accepted nor refused a CONNECT within " + CONNECT_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        } finally {
            client.stop();
        }
    }

    private StompConnection connect(String token, String label, WebSocketClient transport, String url) {
        ObservedWebSocketClient socket = new ObservedWebSocketClient(transport);
        WebSocketStompClient client = stompClient(socket);
        StompConnection connection = new StompConnection(label, socket, client);
        CompletableFuture<StompSession> connected = client.connectAsync(
                URI.create(url), new WebSocketHttpHeaders(), connectHeaders(token), connection.handler());
        try {
            connection.attach(connected.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            client.stop();
            throw new AssertionError(label + " could not connect to " + url + ": " + e.getCause()
                    + "; ERROR frames " + connection.errorFrameInbox(), e);
        } catch (TimeoutException e) {
            client.stop();
            throw new AssertionError(label + " got no CONNECTED from " + url + " within " + CONNECT_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        }
        connection.subscribe(StompConnection.ACKS);
        connection.subscribe(StompConnection.ERRORS);
        return connection;
    }

    private static WebSocketStompClient stompClient(WebSocketClient transport) {
        WebSocketStompClient client = new WebSocketStompClient(transport);
        client.setTaskScheduler(SCHEDULER);
        client.setDefaultHeartbeat(CLIENT_HEARTBEAT);
        client.setReceiptTimeLimit(StompConnection.TIMEOUT.toMillis() + 5_000);
        client.setInboundMessageSizeLimit(256 * 1024);
        return client;
    }

    private static StompHeaders connectHeaders(@Nullable String token) {
        StompHeaders headers = new StompHeaders();
        if (token != null) {
            headers.add("Authorization", "Bearer " + token);
        }
        return headers;
    }

    private static ThreadPoolTaskScheduler scheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("stomp-test-client-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }

    private static WebSocketContainer container() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(256 * 1024);
        container.setDefaultMaxBinaryMessageBufferSize(256 * 1024);
        return container;
    }
}
