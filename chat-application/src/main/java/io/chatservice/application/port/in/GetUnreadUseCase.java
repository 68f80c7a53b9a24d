package io.chatservice.application.port.in;

/** How many messages the caller has not read in a room, and where their read marker stands. */
public interface GetUnreadUseCase {

    UnreadStatus getUnread(UnreadQuery query);
}
