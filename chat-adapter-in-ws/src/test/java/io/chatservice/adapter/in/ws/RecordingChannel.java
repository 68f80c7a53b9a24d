package io.chatservice.adapter.in.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Stands in for the client outbound channel: records each frame and, when {@code autoRelease}, acts as the
 * handler finishing with it at once, so an outbox moves on.
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

    synchronized List<Message<?>> messages() {
        return List.copyOf(messages);
    }

    synchronized List<Frame> frames() {
        return messages.stream().map(message -> new Frame(
                MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class),
                new String((byte[]) message.getPayload(), StandardCharsets.UTF_8))).toList();
    }
}
