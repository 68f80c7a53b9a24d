package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.DeliverRoomEventPort;
import io.chatservice.domain.message.RoomEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Fan-out within one process ({@code chat.fanout=local}, the default): enough for a single instance, and the
 * embedded default needs no Redis.
 */
@Component
@ConditionalOnProperty(name = "chat.fanout", havingValue = "local", matchIfMissing = true)
class LocalRoomEventFanout implements RoomEventFanout {

    private final ObjectProvider<DeliverRoomEventPort> localDeliveries;

    /** Looked up per event: an instance may have no local delivery at all (no WebSocket clients served). */
    LocalRoomEventFanout(ObjectProvider<DeliverRoomEventPort> localDeliveries) {
        this.localDeliveries = localDeliveries;
    }

    @Override
    public void fanOut(RoomEvent event) {
        localDeliveries.orderedStream().forEach(delivery -> delivery.deliver(event));
    }
}
