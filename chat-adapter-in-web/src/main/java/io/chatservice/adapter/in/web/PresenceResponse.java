package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.RoomPresence;
import io.chatservice.domain.shared.UserId;
import java.util.List;

/** @param online user ids, in the order the use case gives them (by id) */
record PresenceResponse(String roomId, List<String> online) {

    static PresenceResponse of(RoomPresence presence) {
        return new PresenceResponse(
                presence.roomId().value(), presence.online().stream().map(UserId::value).toList());
    }
}
