package io.chatservice.application.port.out;

import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import java.util.Optional;

/** Loads a room aggregate with all its members. */
public interface LoadRoomPort {

    Optional<Room> loadRoom(RoomId roomId);

    /**
     * Loads the room and locks it against other changes to the room until the transaction ends, so that its
     * next seq is taken by one transaction at a time, in commit order.
     */
    Optional<Room> loadRoomForUpdate(RoomId roomId);
}
