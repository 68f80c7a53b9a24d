package io.chatservice.adapter.out.redis;

import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a fan-out mode this build cannot serve, with a message that says so, instead of a
 * missing-bean stack trace. Only {@code local} exists until the Redis fan-out lands.
 */
@Component
class FanoutModeCheck {

    private static final Set<String> SUPPORTED = Set.of("local");

    FanoutModeCheck(@Value("${chat.fanout:local}") String mode) {
        if (!SUPPORTED.contains(mode)) {
            throw new IllegalStateException("chat.fanout (CHAT_FANOUT) is '" + mode + "', but this build supports only "
                    + SUPPORTED + "; fan-out through Redis arrives with the real-time release");
        }
    }
}
