package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.ConnectionRateLimitPort;
import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.domain.shared.UserId;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The per-user rate limits. Messages go behind the same switch as the fan-out: counted in this process with
 * {@code chat.fanout=local}, shared through Redis with {@code chat.fanout=redis} (several instances then spend one
 * allowance per user). Connects are counted per instance in either mode: they are checked on the thread that read
 * the CONNECT, which must not wait for Redis, and what they protect (this instance's presence work) is per instance
 * too. {@code chat.rate-limit.enabled=false} lets everything through.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    /** What a disabled limit answers. */
    static final MessageRateLimitPort UNLIMITED = new MessageRateLimitPort() {
        @Override
        public RateLimitDecision tryAcquire(UserId user) {
            return RateLimitDecision.ALLOWED;
        }

        @Override
        public void giveBack(UserId user) {
        }
    };

    @Bean
    @ConditionalOnLocalFanout
    MessageRateLimitPort localMessageRateLimit(RateLimitProperties properties) {
        return properties.enabled() ? new LocalRateLimit(properties.messages().bucket()) : UNLIMITED;
    }

    @Bean
    @ConditionalOnRedisFanout
    MessageRateLimitPort redisMessageRateLimit(RateLimitProperties properties, StringRedisTemplate redis) {
        return properties.enabled() ? new RedisMessageRateLimit(redis, properties.messages().bucket()) : UNLIMITED;
    }

    @Bean
    ConnectionRateLimitPort connectionRateLimit(RateLimitProperties properties) {
        if (!properties.enabled()) {
            return user -> RateLimitDecision.ALLOWED;
        }
        // A method reference, not the limiter itself: that is a MessageRateLimitPort, and must not be found as one.
        return new LocalRateLimit(properties.connections().bucket())::tryAcquire;
    }
}
