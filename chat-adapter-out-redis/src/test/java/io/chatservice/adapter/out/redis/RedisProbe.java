package io.chatservice.adapter.out.redis;

import io.chatservice.domain.shared.RoomId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

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

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
