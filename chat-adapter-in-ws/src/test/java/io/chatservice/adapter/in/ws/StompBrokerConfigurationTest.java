package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

class StompBrokerConfigurationTest {

    @Test
    void sessionsGetTheSendBufferThatFlushesBeforeTheClose() throws Exception {
        WebSocketHandler handler = new StompBrokerConfiguration()
                .subProtocolWebSocketHandler(new ExecutorSubscribableChannel(), new ExecutorSubscribableChannel());

        // The hook Spring calls for every new session; protected, so reached the way Spring reaches it.
        Method decorate =
                SubProtocolWebSocketHandler.class.getDeclaredMethod("decorateSession", WebSocketSession.class);
        decorate.setAccessible(true);

        assertThat(decorate.invoke(handler, mock(WebSocketSession.class))).isInstanceOf(FlushBeforeCloseSession.class);
    }
}
