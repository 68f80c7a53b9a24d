package io.chatservice.application.port.in;

import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.UserId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * @param memberIds users to add as MEMBERs besides the caller, who join in the set's
 *     iteration order (pass an ordered set: the order decides who inherits ownership first); the caller in it
 *     is ignored
 */
public record CreateRoomCommand(Caller caller, RoomName name, Visibility visibility, Set<UserId> memberIds) {

    public CreateRoomCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibility, "visibility");
        memberIds = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(memberIds));
    }
}
