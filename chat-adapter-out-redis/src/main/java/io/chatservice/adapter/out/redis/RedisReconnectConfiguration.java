package io.chatservice.adapter.out.redis;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How soon Lettuce reconnects after losing Redis ({@code chat.fanout=redis}). Its default backs off exponentially
 * up to 30 s between attempts, so after an outage of half a minute an instance could stay deaf to every room for
 * another 30 s after Redis is back. Here the attempts back off from 1 ms to at most
 * {@code chat.redis.reconnect-max-delay} (1 s): a reconnected pub/sub connection subscribes its rooms
 * again at once, and an attempt against a Redis that is still down costs one refused TCP connect. Applies to every
 * Lettuce connection of the application (publishing too), which all share the client resources.
 *
 * <p>While a connection is down, commands fail at once instead of waiting in Lettuce's queue for
 * {@code spring.data.redis.timeout}: a relay whose {@code PUBLISH} cannot go out leaves its publication for the
 * registry's retry without holding its thread and database connection for the timeout, and a room's first
 * {@code SUBSCRIBE} is answered {@code UNAVAILABLE} at once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRedisFanout
class RedisReconnectConfiguration {

    @Bean
    ClientResourcesBuilderCustomizer chatReconnectDelay(
            @Value("${chat.redis.reconnect-max-delay:PT1S}") Duration maxDelay) {
        Delay delay = Delay.exponential(Duration.ofMillis(1), maxDelay, 2, TimeUnit.MILLISECONDS);
        return builder -> builder.reconnectDelay(delay);
    }

    @Bean
    LettuceClientOptionsBuilderCustomizer chatRejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
    }
}
