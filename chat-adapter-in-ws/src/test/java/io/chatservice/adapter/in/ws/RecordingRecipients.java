package io.chatservice.adapter.in.ws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records what {@link RoomSubscriptions} sends to sessions, through the {@link #recipient} of each. */
final class RecordingRecipients {

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

    /** Where the session's frames go; give it to {@link RoomSubscriptions#openSession}. */
    RoomSubscriptions.Recipient recipient(String sessionId) {
        return new RoomSubscriptions.Recipient() {

            @Override
            public void send(String subscriptionId, OutboundFrame message) {
                record(new Frame(sessionId, subscriptionId, message));
            }

            @Override
            public boolean backlogged() {
                return isBacklogged(sessionId);
            }
        };
    }

    private synchronized void record(Frame frame) {
        frames.add(frame);
    }

    private synchronized boolean isBacklogged(String sessionId) {
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
