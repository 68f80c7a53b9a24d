package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.PresencePort;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Presence across instances ({@code chat.fanout=redis}): a sorted set per user, {@code chat:presence:<userId>},
 * whose members are the user's open connections, {@code <instanceId>:<connectionId>} (the instance id is a random
 * UUID per process, so connection ids only need to be unique per instance), each scored with the expiry of its
 * lease (epoch milliseconds). A user is online while a member's lease has not expired.
 *
 * <ul>
 *   <li>Every step that reads and changes a set is one Lua script, so two instances opening (or closing) the user's
 *       connections at once cannot both report the transition, nor both miss it. The scripts take "now" from
 *       Redis ({@code TIME}), so the instances' clocks need not agree.</li>
 *   <li>This instance renews the lease of every connection it holds open every third of
 *       {@code chat.presence.lease} (60 s), in batched scripts; a renewal that fails (Redis down) is logged
 *       (throttled) and tried again at the next tick, and also puts back connections an outage or a Redis restart
 *       lost. A renewal only refreshes connections still in Redis, so it never puts back one closed since it
 *       read them; what it finds missing and still open here is put back. It also retries removing connections
 *       whose close could not be recorded. Each set expires after two leases without any renewal, so abandoned
 *       users leave no keys.</li>
 *   <li>On shutdown (lifecycle stop), this instance removes its connections (best effort, bounded by
 *       {@code spring.data.redis.timeout}) without announcing anything: connections that the WebSocket adapter
 *       closes before are announced through {@link #connectionClosed} as usual.</li>
 *   <li>A crashed instance removes nothing: its connections stop counting when their leases expire, at most one
 *       lease later. No offline event is broadcast for them, since no instance sees the moment; a room's presence
 *       read ({@link #onlineAmong}) is right again within one lease.</li>
 *   <li>A connection whose open could not be recorded (Redis down) stays in this instance's record and is put in
 *       Redis by the next renewal that succeeds, without an online event.</li>
 * </ul>
 * Nothing connects to Redis before the first open: an instance without clients never does.
 */
@Component
@ConditionalOnRedisFanout
class RedisPresence implements PresencePort, SmartLifecycle {

    static final String KEY_PREFIX = "chat:presence:";

    /** Connections renewed per script: keeps each script short, since Redis runs nothing else meanwhile. */
    static final int USERS_PER_RENEWAL = 200;

    /** Users whose presence one script reads: a room of 50,000 members must not hold Redis for one long script. */
    static final int USERS_PER_PRESENCE_READ = 500;

    private static final Duration RENEWAL_SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);

    /** Redis's clock in epoch milliseconds; the same for every instance. */
    private static final String NOW = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            """;

    /** KEYS[1] the user's set, ARGV[1] the member, ARGV[2] the lease in ms; 1 when the user became online. */
    private static final RedisScript<Long> OPEN = RedisScript.of(NOW + """
            local lease = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
            redis.call('PEXPIRE', KEYS[1], lease * 2)
            if redis.call('ZCARD', KEYS[1]) == 1 then return 1 end
            return 0
            """, Long.class);

    /** KEYS[1] the user's set, ARGV[1] the member; 1 when it was the user's last live connection. */
    static final RedisScript<Long> CLOSE = RedisScript.of(NOW + """
            local removed = redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if removed == 1 and redis.call('ZCARD', KEYS[1]) == 0 then return 1 end
            return 0
            """, Long.class);

    /** KEYS the users' sets; the number of live connections of each, in order. */
    @SuppressWarnings("rawtypes")
    static final RedisScript<List> LIVE_CONNECTIONS = RedisScript.of(NOW + """
            local counts = {}
            for i, key in ipairs(KEYS) do
              counts[i] = redis.call('ZCOUNT', key, '(' .. now, '+inf')
            end
            return counts
            """, List.class);

    /**
     * KEYS the users' sets; ARGV[1] the lease in ms, then for each key in order the number of its members and the
     * members. Sets the lease of each member still in its set to a full one from now and the set's expiry to two.
     * Never adds a member: one that is missing may have been closed since the renewal read this instance's
     * connections. Returns the missing ones, as pairs of the key's position in KEYS (from 1) and the member.
     */
    @SuppressWarnings("rawtypes")
    static final RedisScript<List> RENEW = RedisScript.of(NOW + """
            local lease = tonumber(ARGV[1])
            local missing = {}
            local at = 2
            for i, key in ipairs(KEYS) do
              local members = tonumber(ARGV[at])
              for j = 1, members do
                local member = ARGV[at + j]
                if redis.call('ZSCORE', key, member) then
                  redis.call('ZADD', key, 'XX', now + lease, member)
                else
                  missing[#missing + 1] = i
                  missing[#missing + 1] = member
                end
              end
              at = at + members + 1
              redis.call('PEXPIRE', key, lease * 2)
            end
            return missing
            """, List.class);

    /**
     * KEYS the users' sets; ARGV[1] the lease in ms, then for each key in order the number of its members and the
     * members. Puts back members that an outage, a Redis restart or a failed open lost, with a full lease, and
     * announces nothing; a member present already is left as it is.
     */
    private static final RedisScript<Long> RESTORE = RedisScript.of(NOW + """
            local lease = tonumber(ARGV[1])
            local at = 2
            for _, key in ipairs(KEYS) do
              local members = tonumber(ARGV[at])
              for j = 1, members do
                redis.call('ZADD', key, 'NX', now + lease, ARGV[at + j])
              end
              at = at + members + 1
              redis.call('PEXPIRE', key, lease * 2)
            end
            return #KEYS
            """, Long.class);

    /** KEYS the users' sets; ARGV for each key in order the number of its members and the members, to remove. */
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            local at = 1
            for _, key in ipairs(KEYS) do
              local members = tonumber(ARGV[at])
              for j = 1, members do
                redis.call('ZREM', key, ARGV[at + j])
              end
              at = at + members + 1
            end
            return #KEYS
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration lease;
    private final String instanceId;
    /** The connections open on this instance: what the renewal keeps alive and the shutdown removes. */
    private final LocalPresence heldHere = new LocalPresence();
    /**
     * Connections closed here whose removal from Redis failed: each renewal tries again, rather than leave them
     * counting until their leases expire. Their close was announced, or not, when it happened: never again.
     */
    private final Set<HeldConnection> toRemove = ConcurrentHashMap.newKeySet();
    private final ThrottledWarnings warnings = new ThrottledWarnings(LOG, Duration.ofMinutes(1));
    private final int phase;
    private @Nullable ScheduledExecutorService renewals;

    @Autowired
    RedisPresence(StringRedisTemplate redis, @Value("${chat.presence.lease:PT60S}") Duration lease) {
        this(redis, lease, UUID.randomUUID().toString());
    }

    RedisPresence(StringRedisTemplate redis, Duration lease, String instanceId) {
        if (lease.toMillis() < 3) {
            throw new IllegalStateException("chat.presence.lease must be at least 3 ms, not " + lease);
        }
        this.redis = redis;
        this.lease = lease;
        this.instanceId = instanceId;
        // Stopped just before the Redis connection factory (higher phases stop first), after the web server and
        // the WebSocket sessions, whose closes are announced as usual, and while Redis can still be reached.
        this.phase = redis.getConnectionFactory() instanceof SmartLifecycle factory
                ? factory.getPhase() + 1
                : SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public synchronized void start() {
        if (renewals != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "presence-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long interval = lease.toMillis() / 3;
        executor.scheduleWithFixedDelay(this::renewLeasesOrWarn, interval, interval, TimeUnit.MILLISECONDS);
        renewals = executor;
    }

    @Override
    public synchronized boolean isRunning() {
        return renewals != null;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public boolean connectionOpened(UserId user, String connectionId) {
        // Recorded first, so that a failed open is put into Redis by a later renewal.
        heldHere.connectionOpened(user, connectionId);
        toRemove.remove(new HeldConnection(user, connectionId));
        return run(OPEN, List.of(key(user)), "record an open connection of " + user,
                member(connectionId), Long.toString(lease.toMillis())) == 1;
    }

    @Override
    public boolean connectionClosed(UserId user, String connectionId) {
        if (!heldHere.isOpen(user, connectionId)) {
            return false; // never opened here, or closed already
        }
        heldHere.connectionClosed(user, connectionId);
        try {
            return run(CLOSE, List.of(key(user)), "record a closed connection of " + user, member(connectionId)) == 1;
        } catch (RuntimeException e) {
            // Whether this close made the user offline is unknown, so it is not announced; the removal itself is
            // retried by the renewal.
            toRemove.add(new HeldConnection(user, connectionId));
            throw e;
        }
    }

    @Override
    public Set<UserId> onlineAmong(Set<UserId> users) {
        if (users.isEmpty()) {
            return Set.of();
        }
        List<UserId> all = List.copyOf(users);
        Set<UserId> online = new HashSet<>();
        for (int from = 0; from < all.size(); from += USERS_PER_PRESENCE_READ) {
            List<UserId> asked = all.subList(from, Math.min(all.size(), from + USERS_PER_PRESENCE_READ));
            List<?> counts = run(LIVE_CONNECTIONS, asked.stream().map(RedisPresence::key).toList(),
                    "read the presence of " + asked.size() + " users");
            for (int i = 0; i < asked.size(); i++) {
                if (counts.get(i) instanceof Long live && live > 0) {
                    online.add(asked.get(i));
                }
            }
        }
        return Set.copyOf(online);
    }

    /** A scheduled task that throws is never run again: whatever goes wrong, the next tick must still come. */
    private void renewLeasesOrWarn() {
        try {
            renewLeases();
        } catch (RuntimeException e) {
            warnings.warn("Could not renew the presence leases of this instance; trying again in "
                    + lease.dividedBy(3), e + (e.getCause() == null ? "" : ", caused by " + e.getCause()));
        }
    }

    /**
     * Renews the lease of every connection open here, puts back those Redis lost, and removes those whose close
     * could not be recorded. Every batch is tried, whatever happened to the others; the failures are thrown
     * together at the end, and whatever failed is tried again at the next tick.
     */
    void renewLeases() {
        List<RuntimeException> failures = new ArrayList<>();
        List<HeldConnection> missing = new ArrayList<>();
        forEachBatch(heldHere.snapshot(), failures, batch -> missing.addAll(renew(batch)));
        restore(missing, failures);
        retryRemovals(failures);
        if (!failures.isEmpty()) {
            BroadcastUnavailableException failed = new BroadcastUnavailableException(
                    failures.size() + " presence batches of this instance failed", failures.getFirst());
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
    }

    /** Returns the connections of the batch that are not in Redis: closed meanwhile, or lost by Redis. */
    private List<HeldConnection> renew(List<Map.Entry<UserId, Set<String>>> batch) {
        List<String> arguments = new ArrayList<>();
        arguments.add(Long.toString(lease.toMillis()));
        arguments.addAll(membersArguments(batch));
        List<?> missing = run(RENEW, keys(batch), "renew the presence leases of this instance", arguments.toArray());
        List<HeldConnection> lost = new ArrayList<>();
        for (int i = 0; i + 1 < missing.size(); i += 2) {
            UserId user = batch.get(((Number) missing.get(i)).intValue() - 1).getKey();
            String member = (String) missing.get(i + 1);
            lost.add(new HeldConnection(user, member.substring(instanceId.length() + 1)));
        }
        return lost;
    }

    /**
     * Puts back the missing connections still open here. One that closes while it is put back is removed again
     * right after (or by the next renewal), so it counts for a round trip at most.
     */
    private void restore(List<HeldConnection> missing, List<RuntimeException> failures) {
        Map<UserId, Set<String>> stillOpen = byUser(missing.stream()
                .filter(connection -> heldHere.isOpen(connection.user(), connection.connectionId()))
                .toList());
        forEachBatch(stillOpen, failures, batch -> {
            List<String> arguments = new ArrayList<>();
            arguments.add(Long.toString(lease.toMillis()));
            arguments.addAll(membersArguments(batch));
            run(RESTORE, keys(batch), "put back lost connections of this instance", arguments.toArray());
        });
        stillOpen.forEach((user, connections) -> connections.forEach(connectionId -> {
            if (!heldHere.isOpen(user, connectionId)) {
                toRemove.add(new HeldConnection(user, connectionId));
            }
        }));
    }

    private void retryRemovals(List<RuntimeException> failures) {
        List<HeldConnection> pending = List.copyOf(toRemove);
        // A connection id opened again here is live again: it must stay.
        pending.stream().filter(c -> heldHere.isOpen(c.user(), c.connectionId())).forEach(toRemove::remove);
        Map<UserId, Set<String>> closed = byUser(pending.stream()
                .filter(c -> !heldHere.isOpen(c.user(), c.connectionId()))
                .toList());
        forEachBatch(closed, failures, batch -> {
            run(RELEASE, keys(batch), "remove closed connections of this instance",
                    membersArguments(batch).toArray());
            batch.forEach(user -> user.getValue()
                    .forEach(connectionId -> toRemove.remove(new HeldConnection(user.getKey(), connectionId))));
        });
    }

    private static void forEachBatch(Map<UserId, Set<String>> connections, List<RuntimeException> failures,
            Consumer<List<Map.Entry<UserId, Set<String>>>> action) {
        for (List<Map.Entry<UserId, Set<String>>> batch : batches(connections)) {
            try {
                action.accept(batch);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
    }

    private static Map<UserId, Set<String>> byUser(List<HeldConnection> connections) {
        return connections.stream().collect(Collectors.groupingBy(HeldConnection::user,
                Collectors.mapping(HeldConnection::connectionId, Collectors.toSet())));
    }

    /**
     * Stops renewing and removes this instance's connections from Redis (shutdown); connections closed later are
     * ignored. A lifecycle stop rather than a bean destruction, which would come after the connection factory
     * stopped.
     */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = renewals;
        if (executor == null) {
            return;
        }
        renewals = null;
        executor.shutdownNow();
        try {
            // A renewal under way would put back what is removed below; its Redis call ends within the timeout.
            executor.awaitTermination(RENEWAL_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<UserId, Set<String>> open = new HashMap<>(heldHere.clear());
        List<HeldConnection> closedButNotRemoved = List.copyOf(toRemove);
        toRemove.clear();
        closedButNotRemoved.forEach(connection -> open
                .computeIfAbsent(connection.user(), user -> new HashSet<>())
                .add(connection.connectionId()));
        if (!open.isEmpty()) {
            releaseQuietly(open);
        }
    }

    private void releaseQuietly(Map<UserId, Set<String>> connections) {
        try {
            for (List<Map.Entry<UserId, Set<String>>> batch : batches(connections)) {
                run(RELEASE, keys(batch), "remove connections of this instance",
                        membersArguments(batch).toArray());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove this instance's connections from Redis; they stop counting when their"
                    + " leases expire, within {}: {}", lease, e.toString());
        }
    }

    private List<String> membersArguments(List<Map.Entry<UserId, Set<String>>> batch) {
        List<String> arguments = new ArrayList<>();
        for (Map.Entry<UserId, Set<String>> user : batch) {
            arguments.add(Integer.toString(user.getValue().size()));
            user.getValue().forEach(connectionId -> arguments.add(member(connectionId)));
        }
        return arguments;
    }

    private static List<String> keys(List<Map.Entry<UserId, Set<String>>> batch) {
        return batch.stream().map(user -> key(user.getKey())).toList();
    }

    private static List<List<Map.Entry<UserId, Set<String>>>> batches(Map<UserId, Set<String>> connections) {
        List<Map.Entry<UserId, Set<String>>> users = List.copyOf(connections.entrySet());
        List<List<Map.Entry<UserId, Set<String>>>> batches = new ArrayList<>();
        for (int from = 0; from < users.size(); from += USERS_PER_RENEWAL) {
            batches.add(users.subList(from, Math.min(users.size(), from + USERS_PER_RENEWAL)));
        }
        return batches;
    }

    private <T> T run(RedisScript<T> script, List<String> keys, String what, Object... arguments) {
        T result;
        try {
            result = redis.execute(script, keys, arguments);
        } catch (DataAccessException e) {
            throw new BroadcastUnavailableException("could not " + what + " in Redis", e);
        }
        if (result == null) {
            throw new IllegalStateException("Redis answered nothing to a presence script (" + what + ")");
        }
        return result;
    }

    static String key(UserId user) {
        return KEY_PREFIX + user.value();
    }

    String member(String connectionId) {
        return instanceId + ":" + connectionId;
    }

    private record HeldConnection(UserId user, String connectionId) {}
}
