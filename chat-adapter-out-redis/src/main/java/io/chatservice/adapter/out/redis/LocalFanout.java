package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Fan-out within one process ({@code chat.fanout=local}, the default) of room events, typing and presence: enough for a single instance, and the
 * embedded default run needs no Redis. Every broadcast is encoded exactly as the Redis fan-out encodes it and
 * handed straight to this instance's deliveries, so clients cannot tell the modes apart. Every room's broadcasts
 * reach this instance already, so listening is nothing to do.
 */
@Component
@ConditionalOnLocalFanout
class LocalFanout implements RoomEventFanout, PublishTypingPort, PublishPresencePort, RoomEventFeedPort {

    private final RoomBroadcastEncoder encoder;
    private final LocalBroadcastDelivery delivery;

    LocalFanout(RoomBroadcastEncoder encoder, LocalBroadcastDelivery delivery) {
        this.encoder = encoder;
        this.delivery = delivery;
    }

    @Override
    public void fanOut(RoomEvent event) {
        delivery.deliver(encoder.encode(event));
    }

    @Override
    public void fanOutAll(List<? extends RoomEvent> events) {
        events.forEach(this::fanOut);
    }

    @Override
    public void publishTyping(RoomId roomId, UserId userId, boolean typing) {
        delivery.deliver(encoder.encodeTyping(roomId, userId, typing));
    }

    @Override
    public void publishPresence(List<RoomId> rooms, UserId userId, boolean online) {
        // Every delivery catches its own failures, so one room cannot stop the others.
        rooms.forEach(roomId -> delivery.deliver(encoder.encodePresence(roomId, userId, online)));
    }

    @Override
    public void listen(RoomId roomId) {
        // Nothing to subscribe to: every broadcast of this process is delivered in this process.
    }

    @Override
    public void stopListening(RoomId roomId) {
        // Nothing was subscribed by listen.
    }
}
