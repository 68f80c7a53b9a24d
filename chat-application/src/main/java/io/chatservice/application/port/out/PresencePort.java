package io.chatservice.application.port.out;

import io.chatservice.domain.shared.UserId;
import java.util.Set;

/**
 * Who is connected, across all instances: a user is online while at least one of their real-time connections is
 * open on any instance. A connection of an instance that dies without closing it stops counting after a bounded
 * time (the implementation's lease), so a crashed instance does not keep its users online for ever.
 *
 * @throws BroadcastUnavailableException from every method when the shared registry (Redis) cannot be reached
 */
public interface PresencePort {

    /**
     * Records an open connection; {@code connectionId} is unique on this instance (the implementation makes it
     * unique across instances).
     *
     * @return true when the user was offline before: this connection made them online
     */
    boolean connectionOpened(UserId user, String connectionId);

    /** @return true when this was the user's last open connection anywhere: they are offline now */
    boolean connectionClosed(UserId user, String connectionId);

    /** The users among {@code users} who are online now. */
    Set<UserId> onlineAmong(Set<UserId> users);
}
