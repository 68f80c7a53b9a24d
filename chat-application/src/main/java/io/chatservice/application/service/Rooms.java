package io.chatservice.application.service;

import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;

/** Access checks shared by the services. */
final class Rooms {

    private Rooms() {
    }

    /** Says nothing about the id asked for: error texts never echo input back. */
    static NotFoundException roomNotFound() {
        return new NotFoundException("no such room");
    }

    /** Also what a message id from another room gets: which room it is in is none of the caller's business. */
    static NotFoundException messageNotFound() {
        return new NotFoundException("no such message in this room");
    }

    static PermissionDeniedException notAMember() {
        return new PermissionDeniedException("not a member of this room");
    }

    /** The caller's access to a room they must be a member of, read without locking. */
    static RoomAccess requireMember(RoomAccessPort rooms, RoomId roomId, UserId user) {
        return requireMember(rooms.loadAccess(roomId, user).orElseThrow(Rooms::roomNotFound));
    }

    /** The room with all its members, loaded once, when the caller is one of them. */
    static Room requireMemberOf(LoadRoomPort rooms, RoomId roomId, UserId user) {
        Room room = rooms.loadRoom(roomId).orElseThrow(Rooms::roomNotFound);
        if (!room.isMember(user)) {
            throw notAMember();
        }
        return room;
    }

    static RoomAccess requireMember(RoomAccess access) {
        if (!access.isMember()) {
            throw notAMember();
        }
        return access;
    }
}
