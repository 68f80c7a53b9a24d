package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;

/** Broadcasts to a room that a member came online or went offline: best effort, stored nowhere, never retried. */
public interface PublishPresencePort {

    /** @throws BroadcastUnavailableException when the broadcast channel cannot be reached */
    void publishPresence(RoomId roomId, UserId userId, boolean online);
}
