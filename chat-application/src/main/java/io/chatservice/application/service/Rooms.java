package io.chatservice.application.service;

import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;

/** Access checks shared by the services. */
final class Rooms {

    private Rooms() {
    }

    static NotFoundException notFound(RoomId roomId) {
        return new NotFoundException("no such room");
    }

    /** The caller's access to a room they must be a member of, read without locking. */
    static RoomAccess requireMember(RoomAccessPort rooms, RoomId roomId, UserId user) {
        return requireMember(rooms.loadAccess(roomId, user).orElseThrow(() -> notFound(roomId)));
    }

    static RoomAccess requireMember(RoomAccess access) {
        if (!access.isMember()) {
            throw new PermissionDeniedException("not a member of this room");
        }
        return access;
    }
}
