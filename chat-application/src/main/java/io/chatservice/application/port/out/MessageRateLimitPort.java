package io.chatservice.application.port.out;

import io.chatservice.domain.shared.UserId;

/**
 * Each user's allowance of message writes (sends and edits): a token bucket per user, shared by every instance
 * when the implementation can share it. One user spending theirs never affects another.
 *
 * <p>Never fails because the shared store (Redis) cannot be reached: a limit that stopped every send during an
 * outage would be worse than a limit that is, for that time, counted per instance. Implementations fall back and
 * log.
 */
public interface MessageRateLimitPort {

    /** Takes one unit of the user's allowance, or says how long until one is available. */
    RateLimitDecision tryAcquire(UserId user);

    /**
     * Gives back the unit a request took when the request turned out to change nothing (an idempotent re-send of a
     * message that is already stored). Never fills the allowance above its capacity.
     */
    void giveBack(UserId user);
}
