package io.chatservice.adapter.out.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks the beans of the in-process fan-out, {@code chat.fanout=local} (also when the property is absent). With
 * {@link ConditionalOnRedisFanout} it is the one place where the switch is read: no code asks which mode runs.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = FanoutModeCheck.PROPERTY, havingValue = FanoutModeCheck.LOCAL, matchIfMissing = true)
@interface ConditionalOnLocalFanout {
}
