package io.chatservice.application.testing;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.PresencePort;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stands in for the fan-out: counts the listens per room the way the Redis adapter does, records typing
 * signals, and can be switched to behave as if Redis were down.
 */
public final class RecordingBroadcasts
        implements RoomEventFeedPort, PublishTypingPort, PresencePort, PublishPresencePort {

    public record TypingSignal(RoomId roomId, UserId userId, boolean typing) {
    }

    public record PresenceSignal(RoomId roomId, UserId userId, boolean online) {
    }

    private final Map<RoomId, Integer> listens = new HashMap<>();
    private final List<TypingSignal> typing = new ArrayList<>();
    private final Map<UserId, Set<String>> connections = new HashMap<>();
    private final List<PresenceSignal> presence = new ArrayList<>();
    private boolean unavailable;
    private Runnable afterPresencePublished = () -> { };

    @Override
    public synchronized void listen(RoomId roomId) {
        requireAvailable();
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
        requireAvailable();
        typing.add(new TypingSignal(roomId, userId, isTyping));
    }

    @Override
    public synchronized boolean connectionOpened(UserId user, String connectionId) {
        requireAvailable();
        Set<String> open = connections.computeIfAbsent(user, u -> new HashSet<>());
        return open.add(connectionId) && open.size() == 1;
    }

    @Override
    public synchronized boolean connectionClosed(UserId user, String connectionId) {
        requireAvailable();
        Set<String> open = connections.get(user);
        if (open == null || !open.remove(connectionId)) {
            return false;
        }
        if (open.isEmpty()) {
            connections.remove(user);
            return true;
        }
        return false;
    }

    @Override
    public synchronized Set<UserId> onlineAmong(Set<UserId> users) {
        requireAvailable();
        return users.stream().filter(connections::containsKey).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public synchronized void publishPresence(List<RoomId> rooms, UserId userId, boolean online) {
        requireAvailable();
        rooms.forEach(roomId -> presence.add(new PresenceSignal(roomId, userId, online)));
        afterPresencePublished.run();
    }

    /** Runs after each presence publication: lets a test change the state while an announcement goes out. */
    public synchronized void afterPresencePublished(Runnable hook) {
        this.afterPresencePublished = hook;
    }

    public synchronized List<PresenceSignal> presenceSignals() {
        return List.copyOf(presence);
    }

    private void requireAvailable() {
        if (unavailable) {
            throw new BroadcastUnavailableException("broadcast channel down (test)", new IllegalStateException());
        }
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
