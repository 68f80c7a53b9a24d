package io.chatservice.adapter.in.ws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records what {@link RoomSubscriptions} sends to sessions. */
final class RecordingDeliveries implements RoomSubscriptions.Deliveries {

    record Frame(String sessionId, String subscriptionId, OutboundFrame message) {

        String destination() {
            return message.destination();
        }

        String body() {
            return message.body();
        }
    }

    private final List<Frame> frames = new ArrayList<>();
    private final Set<String> backlogged = new HashSet<>();

    @Override
    public synchronized void send(String sessionId, String subscriptionId, OutboundFrame message) {
        frames.add(new Frame(sessionId, subscriptionId, message));
    }

    @Override
    public synchronized boolean backlogged(String sessionId) {
        return backlogged.contains(sessionId);
    }

    synchronized void setBacklogged(String sessionId) {
        backlogged.add(sessionId);
    }

    synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    synchronized List<Frame> framesFor(String sessionId, String subscriptionId) {
        return frames.stream()
                .filter(frame -> frame.sessionId().equals(sessionId) && frame.subscriptionId().equals(subscriptionId))
                .toList();
    }

    synchronized List<String> bodiesFor(String sessionId, String subscriptionId) {
        return framesFor(sessionId, subscriptionId).stream().map(Frame::body).toList();
    }

    synchronized void clear() {
        frames.clear();
    }
}
