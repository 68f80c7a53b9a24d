package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.domain.shared.RoomId;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Receives the broadcasts of the rooms this instance's clients watch ({@code chat.fanout=redis}): one Redis
 * pub/sub connection, a {@code SUBSCRIBE} to a room's channel on its first {@link #listen} and an
 * {@code UNSUBSCRIBE} after the {@link #stopListening} that balances the last one. Every message that arrives is
 * decoded and handed to this instance's deliveries on the connection's I/O thread, in the order Redis sent them.
 * A delivery must therefore not block, and must not call {@link #listen} or {@link #stopListening} inline: they
 * may wait for a {@code SUBSCRIBE} confirmation that only this thread can read.
 *
 * <p>Built on Lettuce's pub/sub connection rather than Spring's {@code RedisMessageListenerContainer}, whose
 * contract does not fit: with Lettuce its {@code addMessageListener} either sleeps and retries in the caller's
 * thread while Redis is down, or (with a bounded backoff) leaves the topic registered after failing; it cannot
 * report a failed {@code SUBSCRIBE} for one room without touching the others; a listener added while the first
 * subscription is still being made is not subscribed; and it dispatches each message on a task executor, which
 * reorders a room's events. Here:
 * <ul>
 *   <li>{@link #listen} returns once Redis has confirmed the {@code SUBSCRIBE} (so a seq read afterwards is a safe
 *       start for the live stream), or throws {@link BroadcastUnavailableException} after at most
 *       {@code chat.redis.listen-timeout} (2 s) of waiting for Redis and for the room's other callers, with
 *       the count unchanged. A room already subscribed needs no new confirmation but a connection that is up:
 *       while it is down or reconnecting, the listen throws at once. Opening the connection, on the first listen
 *       only, is bounded by {@code spring.data.redis.connect-timeout} and {@code .timeout} instead (a refused
 *       connection fails at once);</li>
 *   <li>calls for one room are serialized by the room's lock, calls for different rooms run in parallel;</li>
 *   <li>after Redis was unreachable, Lettuce reconnects by itself (attempts at most 1 s apart, see
 *       {@link RedisReconnectConfiguration}) and subscribes again every channel that Redis had confirmed, about a
 *       second after Redis is back; what Redis passed on before that misses this instance, and clients find the
 *       gap in seq. A
 *       channel Redis confirms that no listen wants any more (a {@code SUBSCRIBE} confirmed after its listen gave
 *       up, or an {@code UNSUBSCRIBE} lost in the outage) is unsubscribed when its confirmation arrives.</li>
 * </ul>
 * Nothing connects before the first listen: an instance whose clients watch no room never opens this connection.
 */
@Component
@ConditionalOnRedisFanout
class RedisRoomFeed implements RoomEventFeedPort, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRoomFeed.class);

    private final LettuceConnectionFactory connectionFactory;
    private final RoomBroadcastDecoder decoder;
    private final LocalBroadcastDelivery delivery;
    private final Duration listenTimeout;

    /** The rooms listened to, and those whose first listen is under way; a room leaves when its count drops to 0. */
    private final ConcurrentMap<String, RoomListeners> rooms = new ConcurrentHashMap<>();

    private final ReentrantLock connecting = new ReentrantLock();
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closed;

    RedisRoomFeed(
            LettuceConnectionFactory connectionFactory,
            RoomBroadcastDecoder decoder,
            LocalBroadcastDelivery delivery,
            @Value("${chat.redis.listen-timeout:PT2S}") Duration listenTimeout) {
        if (connectionFactory.isClusterAware()) {
            throw new IllegalStateException("chat.fanout=redis needs a standalone Redis (spring.data.redis.host and"
                    + " .port) or Sentinel; Redis Cluster is not supported: its pub/sub would send every room's"
                    + " broadcasts through every node");
        }
        this.connectionFactory = connectionFactory;
        this.decoder = decoder;
        this.delivery = delivery;
        this.listenTimeout = listenTimeout;
    }

    @Override
    public void listen(RoomId roomId) {
        String channel = RoomChannels.channel(roomId);
        long deadline = System.nanoTime() + listenTimeout.toNanos();
        while (true) {
            RoomListeners room = rooms.computeIfAbsent(channel, c -> new RoomListeners());
            lockBefore(room, deadline, roomId);
            try {
                if (room.retired) {
                    continue; // its last listener left meanwhile; the next one starts afresh
                }
                if (room.count == 0) {
                    subscribe(channel, deadline, roomId);
                } else {
                    requireConnected(roomId);
                }
                room.count++;
                return;
            } catch (RuntimeException e) {
                if (room.count == 0) {
                    retire(channel, room);
                }
                throw e;
            } finally {
                room.lock.unlock();
            }
        }
    }

    @Override
    public void stopListening(RoomId roomId) {
        String channel = RoomChannels.channel(roomId);
        RoomListeners room = rooms.get(channel);
        if (room == null) {
            LOG.warn("stopListening({}) without an outstanding listen: ignored", roomId);
            return;
        }
        // Never waits longer than a listen of the same room that is waiting for Redis.
        room.lock.lock();
        try {
            if (room.retired || room.count == 0) {
                LOG.warn("stopListening({}) without an outstanding listen: ignored", roomId);
                return;
            }
            room.count--;
            if (room.count == 0) {
                unsubscribe(channel);
                retire(channel, room);
            }
        } finally {
            room.lock.unlock();
        }
    }

    /** Where the pub/sub connection stands, for the health of this instance ({@link RedisPubSubHealthIndicator}). */
    ListeningState listeningState() {
        if (closed) {
            return ListeningState.CLOSED;
        }
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (open == null) {
            return ListeningState.NOT_OPENED;
        }
        return open.isOpen() ? ListeningState.LISTENING : ListeningState.RECONNECTING;
    }

    /** Rooms listened to right now. */
    int roomCount() {
        return rooms.size();
    }

    enum ListeningState {
        /** No room was listened to yet, so the connection was never needed. */
        NOT_OPENED,
        /** Connected: every room Redis confirmed receives its broadcasts. */
        LISTENING,
        /** Lost: Lettuce is reconnecting, and no room receives anything until it has subscribed them again. */
        RECONNECTING,
        /** Shut down. */
        CLOSED
    }

    /** Outstanding listens of the room; for tests. */
    int listenCount(RoomId roomId) {
        RoomListeners room = rooms.get(RoomChannels.channel(roomId));
        if (room == null) {
            return 0;
        }
        room.lock.lock();
        try {
            return room.retired ? 0 : room.count;
        } finally {
            room.lock.unlock();
        }
    }

    @Override
    public void destroy() {
        closed = true;
        connecting.lock();
        try {
            StatefulRedisPubSubConnection<String, String> open = connection;
            connection = null;
            // Spring may have stopped the connection factory first, which closes its client's connections.
            if (open != null && open.isOpen()) {
                open.close();
            }
        } finally {
            connecting.unlock();
        }
    }

    private void subscribe(String channel, long deadline, RoomId roomId) {
        StatefulRedisPubSubConnection<String, String> open = connection(deadline, roomId);
        try {
            // Completes when Redis confirms the subscription, not when the command is sent.
            open.async().subscribe(channel).get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unavailable("Redis did not subscribe " + channel, e.getCause());
        } catch (TimeoutException e) {
            // If Redis confirms it later after all, the confirmation finds no listener and unsubscribes it.
            throw unavailable("Redis did not confirm the subscription to " + channel + " within " + listenTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while subscribing to " + channel, e);
        }
    }

    /**
     * The room's channel is subscribed already, but that only holds while the connection is up: while it is down or
     * reconnecting, broadcasts published now would not arrive, so the caller must not be told they will.
     */
    private void requireConnected(RoomId roomId) {
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (open == null || !open.isOpen()) {
            throw unavailable("the Redis pub/sub connection is down; room " + roomId + " is not receiving", null);
        }
    }

    /**
     * Sent before the room leaves the map: a listen that comes next takes a new entry and subscribes afterwards,
     * and Redis applies the two commands of one connection in that order. Not awaited: if it is lost (Redis
     * down), the subscription that Lettuce restores on reconnecting is recognised as unwanted then.
     */
    private void unsubscribe(String channel) {
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (open == null) {
            return; // closed: nothing is subscribed
        }
        open.async().unsubscribe(channel).exceptionally(failure -> {
            LOG.debug("UNSUBSCRIBE {} failed; it is repeated if Redis restores the subscription", channel, failure);
            return null;
        });
    }

    private void retire(String channel, RoomListeners room) {
        room.retired = true;
        rooms.remove(channel, room);
    }

    private StatefulRedisPubSubConnection<String, String> connection(long deadline, RoomId roomId) {
        StatefulRedisPubSubConnection<String, String> open = connection;
        if (open != null) {
            return open;
        }
        try {
            if (!connecting.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw unavailable("still connecting to Redis for another listen (room " + roomId + ")", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while connecting to Redis", e);
        }
        try {
            if (closed) {
                throw unavailable("the fan-out is shutting down", null);
            }
            if (connection == null) {
                connection = connect();
            }
            return connection;
        } finally {
            connecting.unlock();
        }
    }

    /**
     * Opens the pub/sub connection with the application's Redis client, so it has the same address, credentials,
     * TLS, timeouts and client resources as every other Redis connection (from {@code spring.data.redis.*}).
     */
    private StatefulRedisPubSubConnection<String, String> connect() {
        AbstractRedisClient client;
        try {
            client = connectionFactory.getRequiredNativeClient();
        } catch (IllegalStateException notStarted) {
            throw unavailable("the Redis connection factory is not running", notStarted);
        }
        if (!(client instanceof RedisClient redisClient)) {
            throw new IllegalStateException("chat.fanout=redis needs a standalone or Sentinel Redis client, not "
                    + client.getClass().getName());
        }
        try {
            StatefulRedisPubSubConnection<String, String> opened = redisClient.connectPubSub(StringCodec.UTF8);
            opened.addListener(new Receiver());
            return opened;
        } catch (RuntimeException e) {
            throw unavailable("cannot connect to Redis for pub/sub", e);
        }
    }

    private void lockBefore(RoomListeners room, long deadline, RoomId roomId) {
        try {
            if (!room.lock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw unavailable("another listen of room " + roomId + " is still waiting for Redis", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting to listen to room " + roomId, e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static BroadcastUnavailableException unavailable(String message, @Nullable Throwable cause) {
        return new BroadcastUnavailableException(message, cause);
    }

    /** A confirmation that Redis delivers for a channel no listen wants: drop the subscription. */
    private void unsubscribeIfUnwanted(String channel) {
        if (rooms.containsKey(channel)) {
            return;
        }
        RoomListeners placeholder = new RoomListeners();
        placeholder.lock.lock(); // free: nobody else can see it yet
        try {
            if (rooms.putIfAbsent(channel, placeholder) != null) {
                return; // a listen started meanwhile and decides
            }
            unsubscribe(channel);
            retire(channel, placeholder);
        } finally {
            placeholder.lock.unlock();
        }
    }

    /** Runs on the connection's I/O thread: never blocks (the room locks are not taken here). */
    private final class Receiver extends RedisPubSubAdapter<String, String> {

        @Override
        public void message(String channel, String body) {
            if (!rooms.containsKey(channel)) {
                return; // being unsubscribed
            }
            decoder.decode(channel, body).ifPresent(delivery::deliver);
        }

        @Override
        public void subscribed(String channel, long count) {
            unsubscribeIfUnwanted(channel);
        }
    }

    /** Guarded by {@link #lock}. A retired entry has left the map and is never used again. */
    private static final class RoomListeners {

        final ReentrantLock lock = new ReentrantLock();
        int count;
        boolean retired;
    }
}
