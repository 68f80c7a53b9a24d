package io.chatservice.application.port.in;

/**
 * A real-time connection of the caller opened or closed. When it changes whether the caller is online anywhere,
 * every room the caller is a member of is told ({@code {userId, online}}). Best effort: when the presence registry
 * or the broadcast channel is down, these throw {@link RealtimeUnavailableException} and the connection itself is
 * unaffected.
 */
public interface PresenceUseCase {

    void connectionOpened(ConnectionCommand command);

    void connectionClosed(ConnectionCommand command);
}
