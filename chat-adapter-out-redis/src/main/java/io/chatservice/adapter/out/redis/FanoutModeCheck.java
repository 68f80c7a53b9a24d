package io.chatservice.adapter.out.redis;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a fan-out mode that does not exist, with a message that says so, instead of a
 * missing-bean stack trace (neither set of beans would match a misspelt mode).
 */
@Component
class FanoutModeCheck {

    static final String PROPERTY = "chat.fanout";
    static final String LOCAL = "local";
    static final String REDIS = "redis";

    private static final List<String> MODES = List.of(LOCAL, REDIS);

    FanoutModeCheck(@Value("${" + PROPERTY + ":" + LOCAL + "}") String mode) {
        if (!MODES.contains(mode)) {
            throw new IllegalStateException(PROPERTY + " (environment variable CHAT_FANOUT) is '" + mode
                    + "'; it must be 'local' (in-process, a single instance, no Redis) or 'redis' (pub/sub through"
                    + " the Redis of spring.data.redis.*, any number of instances)");
        }
    }
}
