package io.chatservice.application.port.in;

import java.util.List;

/** The rooms the caller is a member of, each with its last seq and the caller's unread count. */
public interface ListRoomsUseCase {

    List<RoomSummary> listRooms(ListRoomsQuery query);
}
