package io.chatservice.application.port.out;

import io.chatservice.domain.room.Room;

/** Stores a room: its row (including last seq) and its member set, inserting or updating as needed. */
public interface SaveRoomPort {

    void saveRoom(Room room);
}
