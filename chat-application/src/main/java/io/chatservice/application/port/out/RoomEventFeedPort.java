package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;

/**
 * Which rooms' broadcasts reach this instance. An instance listens only to the rooms its own clients subscribe
 * to, so that a busy room elsewhere costs it nothing.
 *
 * <p>Calls are counted: every {@link #listen} is balanced by one {@link #stopListening}, and the instance keeps
 * receiving a room's broadcasts while any listen is outstanding.
 */
public interface RoomEventFeedPort {

    /**
     * Starts (or keeps) receiving the room's broadcasts. Returns once broadcasts published from now on are
     * certain to arrive, so that a seq read afterwards is a safe starting point for the live stream.
     *
     * @throws BroadcastUnavailableException when the broadcast channel cannot be reached
     */
    void listen(RoomId roomId);

    void stopListening(RoomId roomId);
}
