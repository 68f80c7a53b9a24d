package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the service as far as the fan-out goes: its own Spring context, Redis connections and
 * deliveries. Two of them in one JVM behave as two processes sharing a Redis.
 */
final class FanoutInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private FanoutInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** With the Redis settings the application ships (timeouts of 2 s) and the given Redis. */
    static FanoutInstance start(String host, int port) {
        return start(Map.of("spring.data.redis.host", host, "spring.data.redis.port", Integer.toString(port)));
    }

    /**
     * The settings are passed as command-line arguments, which win over the environment: the shell may export
     * {@code SPRING_DATA_REDIS_HOST} and {@code _PORT} for {@code TestRedis}, and an instance pointed at another
     * Redis must not be redirected by them.
     */
    static FanoutInstance start(Map<String, String> redisProperties) {
        List<String> arguments = new ArrayList<>(List.of(
                "--chat.fanout=redis",
                "--spring.main.banner-mode=off",
                "--spring.data.redis.timeout=2s",
                "--spring.data.redis.connect-timeout=2s"));
        redisProperties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new FanoutInstance(new SpringApplicationBuilder(RedisFanoutTestApplication.class)
                .web(WebApplicationType.NONE)
                .run(arguments.toArray(String[]::new)));
    }

    RedisRoomFeed feed() {
        return context.getBean(RedisRoomFeed.class);
    }

    RoomEventFanout fanout() {
        return context.getBean(RoomEventFanout.class);
    }

    PublishTypingPort typing() {
        return context.getBean(PublishTypingPort.class);
    }

    PublishPresencePort presenceBroadcasts() {
        return context.getBean(PublishPresencePort.class);
    }

    RedisPresence presence() {
        return context.getBean(RedisPresence.class);
    }

    MessageRateLimitPort messageRateLimit() {
        return context.getBean(MessageRateLimitPort.class);
    }

    List<RoomBroadcast> received(RoomId roomId) {
        return context.getBean(RecordingDelivery.class).of(roomId);
    }

    @Override
    public void close() {
        context.close();
    }
}
