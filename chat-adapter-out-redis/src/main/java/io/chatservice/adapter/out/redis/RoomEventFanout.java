package io.chatservice.adapter.out.redis;

import io.chatservice.domain.message.RoomEvent;

/** Carries a committed room event to every instance of the service, each of which delivers it locally. */
interface RoomEventFanout {

    void fanOut(RoomEvent event);
}
