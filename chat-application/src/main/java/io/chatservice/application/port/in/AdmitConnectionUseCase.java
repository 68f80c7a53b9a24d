package io.chatservice.application.port.in;

/**
 * Whether the caller may open another real-time connection now. Asked before a connection is accepted; answers
 * at once, without I/O.
 */
public interface AdmitConnectionUseCase {

    /**
     * @throws RateLimitedException when the caller opened connections faster than their allowance (a client stuck
     *     in a reconnect loop); nothing about the caller's other connections changes
     */
    void admitConnection(ConnectionCommand command);
}
