package io.chatservice.application.port.out;

import io.chatservice.domain.message.RoomEvent;

/**
 * Pushes a committed room event to the clients connected to this instance that subscribe to its room. The
 * fan-out calls every implementation on every instance after the event's transaction committed; an
 * implementation must not block on slow clients.
 *
 * <p>Calls arrive concurrently and may be out of seq order, and after a crash the same event may come again.
 * An implementation must hand a room's events to each client in increasing seq order, each once: drop seqs it
 * has delivered, hold a later seq briefly until the gap fills, and past a bound deliver what it has and let
 * the client sync. A client that saw a later seq first and synced after it would otherwise miss the earlier
 * one.
 */
public interface DeliverRoomEventPort {

    void deliver(RoomEvent event);
}
