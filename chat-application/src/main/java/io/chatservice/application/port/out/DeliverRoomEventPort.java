package io.chatservice.application.port.out;

import io.chatservice.domain.message.RoomEvent;

/**
 * Pushes a committed room event to the clients connected to this instance that subscribe to its room. The
 * fan-out calls every implementation on every instance after the event's transaction committed; an
 * implementation must not block on slow clients.
 */
public interface DeliverRoomEventPort {

    void deliver(RoomEvent event);
}
