package io.chatservice.adapter.out.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health contributor {@code redisPubSub} ({@code chat.fanout=redis}): whether this instance can hear the rooms
 * its clients watch. Spring Boot's {@code redis} contributor PINGs a pooled command connection, which says nothing
 * about the one pub/sub connection of {@link RedisRoomFeed}: that one can be down and reconnecting (every room
 * deaf on this instance) while a fresh command connection answers. It is part of the readiness group, so a
 * load balancer sends new clients elsewhere while this instance cannot deliver live events.
 *
 * <p>UP while the connection is open, and also before it was ever needed (no client watched a room yet: nothing to
 * hear, and the {@code redis} contributor covers whether Redis answers at all); DOWN while it is lost and
 * reconnecting; OUT_OF_SERVICE once shut down. Details (shown only if an operator turns details on) are the state
 * and the number of rooms listened to, nothing else.
 */
@Component
@ConditionalOnRedisFanout
class RedisPubSubHealthIndicator implements HealthIndicator {

    private final RedisRoomFeed feed;

    RedisPubSubHealthIndicator(RedisRoomFeed feed) {
        this.feed = feed;
    }

    @Override
    public Health health() {
        RedisRoomFeed.ListeningState state = feed.listeningState();
        Health.Builder health = switch (state) {
            case NOT_OPENED, LISTENING -> Health.up();
            case RECONNECTING -> Health.down();
            case CLOSED -> Health.outOfService();
        };
        return health.withDetail("connection", state.name()).withDetail("rooms", feed.roomCount()).build();
    }
}
