package io.chatservice.application.port.in;

/** A room with its members, for members only. */
public interface GetRoomUseCase {

    RoomDetails getRoom(GetRoomQuery query);
}
