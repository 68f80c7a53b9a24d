package io.chatservice.adapter.out.redis;

import io.chatservice.domain.shared.RoomId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Asks Redis itself what is subscribed, on a connection of its own. */
final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisProbe(String host, int port) {
        RedisURI uri = RedisURI.builder().withHost(host).withPort(port).withTimeout(Duration.ofSeconds(2)).build();
        client = RedisClient.create(uri);
        connection = client.connect();
    }

    /** {@code PUBSUB NUMSUB chat:room:<id>}: how many connections (instances) subscribe to the room. */
    long subscribers(RoomId roomId) {
        String channel = RoomChannels.channel(roomId);
        return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

    /** Redis's clock, in epoch milliseconds. */
    long nowMillis() {
        List<String> time = connection.sync().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** Writes a presence member as an instance would, without any instance to renew or remove it. */
    void addPresenceMember(String key, String member, long leaseExpiryMillis) {
        connection.sync().zadd(key, leaseExpiryMillis, member);
    }

    /** The member's lease expiry, in Redis's epoch milliseconds; null when it is not in the set. */
    @Nullable Double leaseExpiry(String key, String member) {
        return connection.sync().zscore(key, member);
    }

    void delete(String key) {
        connection.sync().del(key);
    }

    Set<String> presenceMembers(String key) {
        return Set.copyOf(connection.sync().zrange(key, 0, -1));
    }

    /** Milliseconds until the key expires; -1 without expiry, -2 when it does not exist. */
    long millisToLive(String key) {
        return connection.sync().pttl(key);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
