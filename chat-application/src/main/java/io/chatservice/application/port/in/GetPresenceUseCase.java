package io.chatservice.application.port.in;

/** The members of a room who are online now (members only). */
public interface GetPresenceUseCase {

    RoomPresence getPresence(PresenceQuery query);
}
