package io.chatservice.application.port.out;

import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;

/**
 * Broadcasts that a member started or stopped typing, through the same fan-out as room events but stored
 * nowhere: best effort, never retried.
 */
public interface PublishTypingPort {

    /** @throws BroadcastUnavailableException when the broadcast channel cannot be reached */
    void publishTyping(RoomId roomId, UserId userId, boolean typing);
}
