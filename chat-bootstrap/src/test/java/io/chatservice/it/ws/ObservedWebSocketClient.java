package io.chatservice.it.ws;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The WebSocket underneath one STOMP connection, watched: it records the close status the server gave (the
 * STOMP client reports only "connection lost"), and serializes writes, since a test thread and the client's
 * heart-beat task may write at the same time and a JSR-356 endpoint refuses concurrent writes. It also counts
 * the most STOMP frames the server put into one WebSocket text message (the server coalesces queued frames).
 */
final class ObservedWebSocketClient implements WebSocketClient {

    private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
    private static final int BUFFER_SIZE_LIMIT = 4 * 1024 * 1024;

    private final WebSocketClient delegate;
    private final CompletableFuture<CloseStatus> closeStatus = new CompletableFuture<>();
    private final AtomicInteger mostFramesInOneMessage = new AtomicInteger();

    ObservedWebSocketClient(WebSocketClient delegate) {
        this.delegate = delegate;
    }

    CompletableFuture<CloseStatus> closeStatus() {
        return closeStatus;
    }

    /** The most frames (each ends with a NUL; a heart-beat has none) that one text message from the server held. */
    int mostFramesInOneMessage() {
        return mostFramesInOneMessage.get();
    }

    @Override
    public CompletableFuture<WebSocketSession> execute(
            WebSocketHandler handler, String uriTemplate, Object... uriVariables) {
        return execute(handler, new WebSocketHttpHeaders(),
                UriComponentsBuilder.fromUriString(uriTemplate).buildAndExpand(uriVariables).encode().toUri());
    }

    @Override
    public CompletableFuture<WebSocketSession> execute(
            WebSocketHandler handler, WebSocketHttpHeaders headers, URI uri) {
        return delegate.execute(new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                super.afterConnectionEstablished(
                        new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, BUFFER_SIZE_LIMIT));
            }

            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
                if (message instanceof TextMessage text) {
                    int frames = (int) text.getPayload().chars().filter(c -> c == 0).count();
                    mostFramesInOneMessage.accumulateAndGet(frames, Math::max);
                }
                super.handleMessage(session, message);
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                closeStatus.complete(status);
                super.afterConnectionClosed(session, status);
            }
        }, headers, uri);
    }
}
