package io.chatservice.application.port.out;

import io.chatservice.domain.message.RoomEvent;
import java.util.List;

/**
 * Hands room events over for delivery. Called inside the transaction that saved the change, so that the
 * events are recorded durably with it and delivered only after it commits; never delivers a rolled-back event.
 */
public interface PublishRoomEventsPort {

    void publish(List<RoomEvent> events);
}
