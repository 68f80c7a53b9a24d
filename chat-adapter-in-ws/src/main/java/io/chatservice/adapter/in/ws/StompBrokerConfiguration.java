package io.chatservice.adapter.in.ws;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * What {@code @EnableWebSocketMessageBroker} imports, with one change: each session's send buffer is a
 * {@link FlushBeforeCloseSession}, so that the ERROR Spring sends before closing a session reaches the client
 * (Spring's own buffer can drop it when another write is in progress). The configurers
 * ({@link StompWebSocketConfiguration}) apply as before.
 */
@Configuration
class StompBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(
            AbstractSubscribableChannel clientInboundChannel, AbstractSubscribableChannel clientOutboundChannel) {
        var handler = new SubProtocolWebSocketHandler(clientInboundChannel, clientOutboundChannel) {

            @Override
            protected WebSocketSession decorateSession(WebSocketSession session) {
                return new FlushBeforeCloseSession(session, getSendTimeLimit(), getSendBufferSizeLimit());
            }
        };
        handler.setPhase(getPhase());
        return handler;
    }
}
