package io.chatservice.adapter.in.ws;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Stands in for both ways frames leave a session: the client outbound channel (records each frame and, when
 * {@code autoRelease}, acts as the handler finishing with it at once, so an outbox moves on) and the sockets the
 * outboxes write to ({@link #socket}), whose WebSocket messages are decoded with Spring's STOMP decoder, as a
 * client would. {@link #frames()} lists the frames of both in the order they left.
 */
class RecordingChannel implements MessageChannel {

    record Frame(StompHeaderAccessor headers, String body) {

        String destination() {
            return headers.getDestination();
        }

        String subscription() {
            return headers.getSubscriptionId();
        }
    }

    private final boolean autoRelease;
    private final List<Message<?>> messages = new ArrayList<>();
    private final List<String> written = new ArrayList<>();

    RecordingChannel(boolean autoRelease) {
        this.autoRelease = autoRelease;
    }

    @Override
    public boolean send(Message<?> message, long timeout) {
        synchronized (this) {
            messages.add(message);
        }
        if (autoRelease) {
            release(message);
        }
        return true;
    }

    void release(Message<?> message) {
        Runnable release = Outbox.releaseOf(message);
        if (release != null) {
            release.run();
        }
    }

    /** An open socket whose text messages are recorded here, each frame of a message as a message of its own. */
    WebSocketSession socket(String id) {
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.getId()).thenReturn(id);
        when(socket.isOpen()).thenReturn(true);
        try {
            doAnswer(invocation -> {
                String text = invocation.<TextMessage>getArgument(0).getPayload();
                List<Message<byte[]>> decoded = new StompDecoder()
                        .decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                synchronized (this) {
                    written.add(text);
                    messages.addAll(decoded);
                }
                return null;
            }).when(socket).sendMessage(any());
        } catch (java.io.IOException notThrownByAMock) {
            throw new AssertionError(notThrownByAMock);
        }
        return socket;
    }

    /** Every frame, in the order it left: through the channel or written to a {@link #socket}. */
    synchronized List<Message<?>> messages() {
        return List.copyOf(messages);
    }

    /** The WebSocket text messages written to the sockets, as written. */
    synchronized List<String> written() {
        return List.copyOf(written);
    }

    synchronized List<Frame> frames() {
        return messages.stream().map(message -> new Frame(
                MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class),
                new String((byte[]) message.getPayload(), StandardCharsets.UTF_8))).toList();
    }
}
