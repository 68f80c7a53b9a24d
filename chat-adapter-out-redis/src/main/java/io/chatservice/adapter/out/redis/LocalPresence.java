package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.PresencePort;
import io.chatservice.domain.shared.UserId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Presence within one process ({@code chat.fanout=local}): each user's open connections, in memory. With a single
 * instance this is the whole truth, and it cannot fail. {@link RedisPresence} keeps one too, as its record of the
 * connections it must keep alive in Redis.
 *
 * <p>Thread-safe: each change is one atomic step on the user's entry, so of two connections of a user that open (or
 * close) at the same time exactly one reports the transition. A user's entry exists exactly while they have an open
 * connection here.
 */
@Component
@ConditionalOnLocalFanout
final class LocalPresence implements PresencePort {

    private final ConcurrentMap<UserId, Set<String>> connections = new ConcurrentHashMap<>();

    @Override
    public boolean connectionOpened(UserId user, String connectionId) {
        boolean[] first = new boolean[1];
        connections.compute(user, (u, open) -> {
            Set<String> updated = open == null ? new HashSet<>() : open;
            first[0] = updated.isEmpty();
            updated.add(connectionId);
            return updated;
        });
        return first[0];
    }

    @Override
    public boolean connectionClosed(UserId user, String connectionId) {
        boolean[] last = new boolean[1];
        connections.computeIfPresent(user, (u, open) -> {
            if (!open.remove(connectionId)) {
                return open;
            }
            last[0] = open.isEmpty();
            return open.isEmpty() ? null : open;
        });
        return last[0];
    }

    @Override
    public Set<UserId> onlineAmong(Set<UserId> users) {
        return users.stream().filter(connections::containsKey).collect(Collectors.toUnmodifiableSet());
    }

    boolean isOpen(UserId user, String connectionId) {
        boolean[] open = new boolean[1];
        connections.computeIfPresent(user, (u, ids) -> {
            open[0] = ids.contains(connectionId);
            return ids;
        });
        return open[0];
    }

    /** A copy of every user's open connections, consistent per user. */
    Map<UserId, Set<String>> snapshot() {
        Map<UserId, Set<String>> copy = new HashMap<>();
        connections.forEach((user, ignored) -> connections.computeIfPresent(user, (u, ids) -> {
            copy.put(u, Set.copyOf(ids));
            return ids;
        }));
        return copy;
    }

    /** Forgets every connection; returns what was open. */
    Map<UserId, Set<String>> clear() {
        Map<UserId, Set<String>> removed = new HashMap<>();
        for (UserId user : Set.copyOf(connections.keySet())) {
            Set<String> ids = connections.remove(user);
            if (ids != null) {
                removed.put(user, Set.copyOf(ids));
            }
        }
        return removed;
    }
}
