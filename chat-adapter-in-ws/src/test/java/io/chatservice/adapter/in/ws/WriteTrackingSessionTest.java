package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

class WriteTrackingSessionTest {

    @Test
    void onAnotherContainerTheBytesGoAsAnOrdinaryTextMessage() throws Exception {
        Session container = mock(Session.class);
        when(container.getBasicRemote()).thenReturn(mock(RemoteEndpoint.Basic.class));
        WebSocketSession socket = mock(WebSocketSession.class, withSettings().extraInterfaces(NativeWebSocketSession.class));
        when(((NativeWebSocketSession) socket).getNativeSession(Session.class)).thenReturn(container);

        new WriteTrackingSession(socket).sendText(bytes("MESSAGE\n\n\u00e9\0RECEIPT\n\n\0"));

        assertSentAsTextMessage(socket, "MESSAGE\n\n\u00e9\0RECEIPT\n\n\0");
    }

    @Test
    void aSockJsSessionGetsATextMessageForSockJsToFrame() throws Exception {
        SockJsSession sockJs = mock(SockJsSession.class, withSettings().extraInterfaces(NativeWebSocketSession.class));
        when(((NativeWebSocketSession) sockJs).getNativeSession(Session.class)).thenReturn(mock(Session.class));

        new WriteTrackingSession(sockJs).sendText(bytes("RECEIPT\n\n\0"));

        assertSentAsTextMessage(sockJs, "RECEIPT\n\n\0");
    }

    private static void assertSentAsTextMessage(WebSocketSession socket, String expected) throws Exception {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<WebSocketMessage<?>> sent = ArgumentCaptor.forClass(WebSocketMessage.class);
        verify(socket).sendMessage(sent.capture());
        assertThat(sent.getValue()).isInstanceOfSatisfying(TextMessage.class,
                text -> assertThat(text.getPayload()).isEqualTo(expected));
    }

    private static FrameBytes bytes(String text) {
        FrameBytes bytes = new FrameBytes(0);
        bytes.append(text);
        return bytes;
    }
}
