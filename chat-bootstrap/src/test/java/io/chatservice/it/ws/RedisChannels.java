package io.chatservice.it.ws;

import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.function.LongPredicate;

/**
 * Asks Redis itself who listens to a room's channel ({@code PUBSUB NUMSUB chat:room:<id>}): each instance that
 * listens to the room holds one subscribed connection, so the number says how many instances receive it.
 */
public final class RedisChannels implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisChannels(RedisURI uri) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
    }

    /** Talks to the Redis of the tests ({@link TestRedis}), the real one, never through a proxy. */
    public static RedisChannels ofTestRedis() {
        TestRedis.Endpoint endpoint = TestRedis.endpoint();
        RedisURI.Builder uri = RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port());
        if (endpoint.password() != null) {
            uri.withPassword(endpoint.password().toCharArray());
        }
        return new RedisChannels(uri.build());
    }

    public static String roomChannel(String roomId) {
        return "chat:room:" + roomId;
    }

    /**
     * Holds every client's commands (the publishes of the relays, too) for {@code duration}; returns at once. Keep
     * it below the instances' command timeout (2 s), or their commands fail instead of waiting.
     */
    public void pauseAllClients(Duration duration) {
        connection.sync().clientPause(duration.toMillis());
    }

    /** Connections subscribed to the room's channel right now. */
    public long subscribers(String roomId) {
        String channel = roomChannel(roomId);
        return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

    /** Waits until the count satisfies {@code expected}; the count then. Fails with the last count seen. */
    public long awaitSubscribers(String roomId, LongPredicate expected, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = subscribers(roomId);
        while (!expected.test(count)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("subscribers of " + roomChannel(roomId) + ": expected " + what
                        + " within " + timeout + ", still " + count);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            count = subscribers(roomId);
        }
        return count;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
