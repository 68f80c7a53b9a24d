package io.chatservice.it;

import io.chatservice.application.port.out.DeliverRoomEventPort;
import io.chatservice.domain.message.RoomEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.boot.test.context.TestComponent;

/** Stands in for the WebSocket delivery: records every room event the fan-out delivers on this instance. */
@TestComponent
public class RecordingDelivery implements DeliverRoomEventPort {

    private final List<RoomEvent> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(RoomEvent event) {
        delivered.add(event);
    }

    public List<RoomEvent> delivered(Predicate<RoomEvent> filter) {
        return delivered.stream().filter(filter).toList();
    }

    /** Waits until an event matching {@code filter} was delivered; empty when none came within the timeout. */
    public Optional<RoomEvent> await(Predicate<RoomEvent> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RoomEvent> match = delivered.stream().filter(filter).findFirst();
            if (match.isPresent()) {
                return match;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }
}
