package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.DeliverRoomEventPort;
import io.chatservice.domain.message.RoomEvent;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Fan-out within one process ({@code chat.fanout=local}, the default): enough for a single instance, and the
 * embedded default needs no Redis.
 */
@Component
@ConditionalOnProperty(name = "chat.fanout", havingValue = "local", matchIfMissing = true)
class LocalRoomEventFanout implements RoomEventFanout {

    private final List<DeliverRoomEventPort> localDeliveries;

    LocalRoomEventFanout(List<DeliverRoomEventPort> localDeliveries) {
        this.localDeliveries = List.copyOf(localDeliveries);
    }

    @Override
    public void fanOut(RoomEvent event) {
        localDeliveries.forEach(delivery -> delivery.deliver(event));
    }
}
