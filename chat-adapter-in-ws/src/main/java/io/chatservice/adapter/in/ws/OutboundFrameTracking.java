package io.chatservice.adapter.in.ws;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * Watches the client outbound channel on behalf of the sessions' {@link Outbox}es:
 *
 * <ul>
 *   <li>when the channel's handler is done with an outbox frame, the outbox may release its next one;
 *   <li>once a session's CONNECTED frame is written, its outbox opens, so no frame of ours can precede it;
 *   <li>the broker's answer to DISCONNECT (the RECEIPT a client waits for before closing) is held back until the
 *       session's earlier frames are answered and then sent through its outbox, so acks are not cut off.
 * </ul>
 */
final class OutboundFrameTracking implements ExecutorChannelInterceptor {

    private final ClientSessions sessions;

    OutboundFrameTracking(ClientSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.DISCONNECT_ACK
                || Outbox.releaseOf(message) != null || !(message.getPayload() instanceof byte[])) {
            return message;
        }
        ClientSession session = session(message);
        if (session == null || session.isClosed()) {
            return message;
        }
        Message<byte[]> disconnectAck = (Message<byte[]>) message;
        if (!session.inbox().offer(() -> session.outbox().forward(disconnectAck))) {
            return message;
        }
        return null;
    }

    @Override
    public void afterMessageHandled(
            Message<?> message, MessageChannel channel, MessageHandler handler, @Nullable Exception failure) {
        Runnable release = Outbox.releaseOf(message);
        if (release != null) {
            release.run();
            return;
        }
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK) {
            ClientSession session = session(message);
            if (session != null) {
                session.outbox().open();
            }
        }
    }

    private @Nullable ClientSession session(Message<?> message) {
        String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        return sessionId == null ? null : sessions.get(sessionId);
    }
}
