package io.chatservice.application.port.out;

import io.chatservice.domain.shared.UserId;

/**
 * Each user's allowance of new real-time connections on this instance: a token bucket per user. Counted per
 * instance and in memory, so that it answers at once, without I/O: it is asked on the thread that read the
 * client's CONNECT, before the connection is accepted.
 */
@FunctionalInterface
public interface ConnectionRateLimitPort {

    /** Takes one unit of the user's allowance, or says how long until one is available. */
    RateLimitDecision tryAcquire(UserId user);
}
