package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Hands a broadcast to every delivery of this instance (the WebSocket adapter's, in the real application). Looked
 * up per broadcast: an instance may have none. A delivery that throws is logged and the others still get the
 * broadcast; retrying would repeat it to every delivery, and delivery is non-blocking and best effort anyway
 * (clients resync from a gap in seq).
 */
final class LocalBroadcastDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBroadcastDelivery.class);

    private final ObjectProvider<DeliverRoomBroadcastPort> deliveries;

    LocalBroadcastDelivery(ObjectProvider<DeliverRoomBroadcastPort> deliveries) {
        this.deliveries = deliveries;
    }

    void deliver(RoomBroadcast broadcast) {
        deliveries.orderedStream().forEach(delivery -> {
            try {
                delivery.deliver(broadcast);
            } catch (RuntimeException e) {
                LOG.error("Delivery {} failed for a {} broadcast (seq {}) of room {}",
                        delivery.getClass().getName(), broadcast.kind(), broadcast.seq(), broadcast.roomId(), e);
            }
        });
    }
}
