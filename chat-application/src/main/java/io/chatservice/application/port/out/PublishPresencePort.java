package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;

/** Broadcasts to rooms that a member came online or went offline: best effort, stored nowhere, never retried. */
public interface PublishPresencePort {

    /**
     * Tells every one of the rooms, in as few round trips as the channel allows (a user may be in thousands of
     * rooms). A room that cannot be told does not stop the others.
     *
     * @throws BroadcastUnavailableException after trying them all, when some room could not be told
     */
    void publishPresence(List<RoomId> rooms, UserId userId, boolean online);
}
