package io.chatservice.application.port.in;

/** The caller joins a PUBLIC room; joining a room one is in already changes nothing. */
public interface JoinRoomUseCase {

    RoomDetails joinRoom(JoinRoomCommand command);
}
