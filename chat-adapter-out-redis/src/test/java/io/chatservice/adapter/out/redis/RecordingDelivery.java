package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.RoomId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the fan-out delivered to one instance, in arrival order. */
final class RecordingDelivery implements DeliverRoomBroadcastPort {

    private final List<RoomBroadcast> received = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(RoomBroadcast broadcast) {
        received.add(broadcast);
    }

    List<RoomBroadcast> of(RoomId roomId) {
        return received.stream().filter(broadcast -> broadcast.roomId().equals(roomId)).toList();
    }
}
