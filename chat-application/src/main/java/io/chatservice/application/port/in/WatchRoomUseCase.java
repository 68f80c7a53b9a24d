package io.chatservice.application.port.in;

import io.chatservice.domain.shared.UserId;
import java.util.Set;


/**
 * A live subscription to a room's broadcasts on this instance: only members may watch, and each successful
 * {@link #watchRoom} is balanced by one {@link #unwatchRoom} when the subscription ends (unsubscribe,
 * disconnect, or the member leaving).
 */
public interface WatchRoomUseCase {

    /**
     * Checks that the caller is a member and makes sure this instance receives the room's broadcasts.
     *
     * @return the room's last seq, read after the instance started listening: every event after it will be
     *     broadcast to this instance, so a client that syncs from this seq or earlier misses nothing
     */
    RoomWatch watchRoom(WatchRoomCommand command);

    void unwatchRoom(UnwatchRoomCommand command);

    /**
     * Which of the watchers are no longer members of the room (or the room is gone). Membership changes reach
     * watchers as {@code MEMBER_LEFT} events; a watcher that may have missed one (its broadcast failed, so the
     * live stream skipped a gap) is checked here before it receives anything more from the room.
     */
    Set<UserId> departedWatchers(RoomWatchersQuery query);
}
