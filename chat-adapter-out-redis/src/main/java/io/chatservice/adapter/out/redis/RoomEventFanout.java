package io.chatservice.adapter.out.redis;

import io.chatservice.domain.message.RoomEvent;
import java.util.List;

/** Carries a committed room event to every instance of the service, each of which delivers it locally. */
interface RoomEventFanout {

    void fanOut(RoomEvent event);

    /** Carries events of one transaction, in order; fails as a whole if any could not be handed over. */
    void fanOutAll(List<? extends RoomEvent> events);
}
