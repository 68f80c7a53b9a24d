package io.chatservice.application.testing;

import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.RateLimitDecision;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link MessageRateLimitPort} that allows everything until a test says a user is out of allowance, and records
 * what was taken and given back. The bucket maths are the adapters' and are tested there; the services only need to
 * be told yes or no.
 */
public final class ScriptedRateLimit implements MessageRateLimitPort {

    private final Map<UserId, Duration> refused = new ConcurrentHashMap<>();
    private final List<UserId> acquired = new CopyOnWriteArrayList<>();
    private final List<UserId> givenBack = new CopyOnWriteArrayList<>();

    /** From now on every request of {@code user} is refused with this hint. */
    public void exhaust(UserId user, Duration retryAfter) {
        refused.put(user, retryAfter);
    }

    public void replenish(UserId user) {
        refused.remove(user);
    }

    @Override
    public RateLimitDecision tryAcquire(UserId user) {
        Duration wait = refused.get(user);
        if (wait != null) {
            return RateLimitDecision.refused(wait);
        }
        acquired.add(user);
        return RateLimitDecision.ALLOWED;
    }

    @Override
    public void giveBack(UserId user) {
        givenBack.add(user);
    }

    /** Every unit taken (allowed requests only), in order. */
    public List<UserId> acquired() {
        return List.copyOf(acquired);
    }

    public List<UserId> givenBack() {
        return List.copyOf(givenBack);
    }
}
