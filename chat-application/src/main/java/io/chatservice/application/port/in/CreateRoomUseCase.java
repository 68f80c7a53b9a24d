package io.chatservice.application.port.in;

/** Creates a room; the caller becomes its OWNER. */
public interface CreateRoomUseCase {

    RoomDetails createRoom(CreateRoomCommand command);
}
