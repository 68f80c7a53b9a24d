package io.chatservice.application.port.out;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.Optional;

/** Read markers and unread counts. */
public interface ReadMarkerPort {

    /** Moves the member's marker to {@code seq} only if that is further than where it stands. */
    void advanceReadMarker(RoomId roomId, UserId member, long seq, MessageId messageId);

    /** Empty when the user is not a member of the room. */
    Optional<ReadState> readState(RoomId roomId, UserId member);

    /**
     * Every room the user is a member of, with role, last seq and unread count, ordered by the Unicode code
     * points of the name (the same on every database, whatever its locale), then by id.
     */
    List<MemberRoomSummary> roomsOf(UserId member);
}
