package io.chatservice.application.service;

import io.chatservice.application.port.in.AdmitConnectionUseCase;
import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.out.ConnectionRateLimitPort;
import io.chatservice.application.port.out.RateLimitDecision;

/**
 * Slows down a user who connects over and over. Every connect and disconnect that changes whether the user is
 * online is announced to each of the user's rooms ({@link PresenceService}), so a client in a reconnect loop makes
 * every instance and Redis work for each turn; with this, it makes at most its allowance of turns.
 */
public final class ConnectionAdmissionService implements AdmitConnectionUseCase {

    private final ConnectionRateLimitPort rateLimit;

    public ConnectionAdmissionService(ConnectionRateLimitPort rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public void admitConnection(ConnectionCommand command) {
        RateLimitDecision decision = rateLimit.tryAcquire(command.caller().id());
        if (!decision.allowed()) {
            throw new RateLimitedException("too many connects; wait before connecting again", decision.retryAfter());
        }
    }
}
