package io.chatservice.application.testing;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the fan-out: counts the listens per room the way the Redis adapter does, records typing
 * signals, and can be switched to behave as if Redis were down.
 */
public final class RecordingBroadcasts implements RoomEventFeedPort, PublishTypingPort {

    public record TypingSignal(RoomId roomId, UserId userId, boolean typing) {
    }

    private final Map<RoomId, Integer> listens = new HashMap<>();
    private final List<TypingSignal> typing = new ArrayList<>();
    private boolean unavailable;

    @Override
    public synchronized void listen(RoomId roomId) {
        if (unavailable) {
            throw new BroadcastUnavailableException("broadcast channel down (test)", new IllegalStateException());
        }
        listens.merge(roomId, 1, Integer::sum);
    }

    @Override
    public synchronized void stopListening(RoomId roomId) {
        Integer count = listens.get(roomId);
        if (count == null) {
            throw new IllegalStateException("stopListening without a listen for " + roomId);
        }
        if (count == 1) {
            listens.remove(roomId);
        } else {
            listens.put(roomId, count - 1);
        }
    }

    @Override
    public synchronized void publishTyping(RoomId roomId, UserId userId, boolean isTyping) {
        if (unavailable) {
            throw new BroadcastUnavailableException("broadcast channel down (test)", new IllegalStateException());
        }
        typing.add(new TypingSignal(roomId, userId, isTyping));
    }

    /** Outstanding listens for the room: what keeps the instance subscribed. */
    public synchronized int listenCount(RoomId roomId) {
        return listens.getOrDefault(roomId, 0);
    }

    public synchronized List<TypingSignal> typingSignals() {
        return List.copyOf(typing);
    }

    public synchronized void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }
}
