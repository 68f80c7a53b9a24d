package io.chatservice.application.port.out;

import io.chatservice.domain.room.Room;

/**
 * Stores a room: its row (including last seq) and its member set, inserting or updating as needed. The read
 * marker of a member who was already in the room is not written: markers move without the room lock, so the
 * room's copy may be stale.
 */
public interface SaveRoomPort {

    void saveRoom(Room room);
}
