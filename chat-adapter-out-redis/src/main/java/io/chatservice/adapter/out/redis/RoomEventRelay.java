package io.chatservice.adapter.out.redis;

import io.chatservice.domain.message.RoomEvent;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Hands each room event to the fan-out once its transaction has committed. As an application module listener
 * it runs asynchronously after commit, and Spring Modulith's event publication registry keeps its publication
 * incomplete until this method returns normally: a failed fan-out never rolls back the message, and the
 * incomplete publication is handed to this listener again when the service restarts.
 */
@Component
class RoomEventRelay {

    private final RoomEventFanout fanout;

    RoomEventRelay(RoomEventFanout fanout) {
        this.fanout = fanout;
    }

    @ApplicationModuleListener
    void relay(RoomEvent event) {
        fanout.fanOut(event);
    }
}
