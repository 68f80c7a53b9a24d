package io.chatservice.adapter.in.ws;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * Wraps Spring's STOMP WebSocket handler to follow each connection's life: the adapter's session state is made
 * when the socket opens, with the socket wrapped in a {@link WriteTrackingSession} under Spring's send buffer,
 * and cleaned up when it closes, however it closes (DISCONNECT, a dropped network, a limit exceeded, shutdown):
 * every room subscription of the session ends there and is unwatched, and its presence is closed.
 *
 * <p>It also accepts partial WebSocket messages: a frame larger than the container's message buffer reaches
 * Spring's STOMP decoder piece by piece, so the configured {@code chat.ws.message-size-limit} is the limit that
 * applies, answered with an ERROR frame (PAYLOAD_TOO_LARGE), instead of the container closing the socket with
 * status 1009 and no explanation; the container buffers stay small. SockJS delivers whole messages, so a SockJS
 * session's buffer is raised to fit a frame at the limit with its SockJS framing.
 */
final class StompConnectionDecorator implements WebSocketHandlerDecoratorFactory {

    private final ClientSessions sessions;
    private final RoomSubscriptions subscriptions;
    private final ConnectionPresence presence;
    private final int sockJsMessageSizeLimit;

    /** @param sockJsMessageSizeLimit the container buffer (characters) for a SockJS session's messages */
    StompConnectionDecorator(
            ClientSessions sessions,
            RoomSubscriptions subscriptions,
            ConnectionPresence presence,
            int sockJsMessageSizeLimit) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.presence = presence;
        this.sockJsMessageSizeLimit = sockJsMessageSizeLimit;
    }

    @Override
    public WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                if (session instanceof SockJsSession && session.getTextMessageSizeLimit() < sockJsMessageSizeLimit) {
                    session.setTextMessageSizeLimit(sockJsMessageSizeLimit);
                }
                ClientSession client = sessions.opened(session);
                super.afterConnectionEstablished(client.socket());
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
                try {
                    super.afterConnectionClosed(session, closeStatus);
                } finally {
                    sessions.closed(session.getId());
                    subscriptions.closeSession(session.getId());
                    presence.closed(session.getId());
                }
            }

            @Override
            public boolean supportsPartialMessages() {
                return true;
            }
        };
    }
}
