package io.chatservice.adapter.out.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Marks the beans of the fan-out through Redis pub/sub, {@code chat.fanout=redis}; see {@link ConditionalOnLocalFanout}. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = FanoutModeCheck.PROPERTY, havingValue = FanoutModeCheck.REDIS)
@interface ConditionalOnRedisFanout {
}
