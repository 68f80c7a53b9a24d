package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Hands a broadcast to every delivery of this instance (the WebSocket adapter's, in the real application); an
 * instance may have none. A delivery that throws is logged and the others still get the broadcast; retrying would
 * repeat it to every delivery, and delivery is non-blocking and best effort anyway (clients resync from a gap in
 * seq).
 *
 * <p>The deliveries are looked up once every singleton exists, and per broadcast only before that (a publication
 * resubmitted at start-up): resolving them for every broadcast was about a seventh of the relay threads' CPU time
 * in a JFR profile of the send path.
 */
final class LocalBroadcastDelivery implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBroadcastDelivery.class);

    private final ObjectProvider<DeliverRoomBroadcastPort> deliveries;
    private volatile @Nullable List<DeliverRoomBroadcastPort> resolved;

    LocalBroadcastDelivery(ObjectProvider<DeliverRoomBroadcastPort> deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        resolved = deliveries.orderedStream().toList();
    }

    void deliver(RoomBroadcast broadcast) {
        List<DeliverRoomBroadcastPort> known = resolved;
        (known != null ? known : deliveries.orderedStream().toList()).forEach(delivery -> {
            try {
                delivery.deliver(broadcast);
            } catch (RuntimeException e) {
                LOG.error("Delivery {} failed for a {} broadcast (seq {}) of room {}",
                        delivery.getClass().getName(), broadcast.kind(), broadcast.seq(), broadcast.roomId(), e);
            }
        });
    }
}
