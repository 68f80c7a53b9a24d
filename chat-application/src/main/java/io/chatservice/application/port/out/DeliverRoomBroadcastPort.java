package io.chatservice.application.port.out;

/**
 * Pushes a broadcast to the clients connected to this instance that subscribe to its room. The fan-out calls
 * every implementation on every instance that listens to the room ({@link RoomEventFeedPort}); an
 * implementation must not block on slow clients.
 *
 * <p>Room events arrive concurrently and may be out of seq order (two transactions of one room commit in
 * order, but their after-commit relays race), and after a crash or a retry the same event may come again. An
 * implementation must hand a room's events to each client in increasing seq order, each once: drop seqs it
 * has delivered, hold a later seq briefly until the gap fills, and past a bound deliver what it has and let
 * the client sync. A client that saw a later seq first and synced after it would otherwise miss the earlier
 * one.
 */
public interface DeliverRoomBroadcastPort {

    void deliver(RoomBroadcast broadcast);
}
