package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.GetPresenceUseCase;
import io.chatservice.application.port.in.PresenceQuery;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Who of a room's members is online now; changes after this snapshot arrive on the room's presence topic. */
@RestController
class PresenceController {

    private final GetPresenceUseCase getPresence;

    PresenceController(GetPresenceUseCase getPresence) {
        this.getPresence = getPresence;
    }

    @GetMapping(path = "/api/v1/rooms/{roomId}/presence", produces = MediaType.APPLICATION_JSON_VALUE)
    PresenceResponse presence(Caller caller, @PathVariable String roomId) {
        return PresenceResponse.of(getPresence.getPresence(new PresenceQuery(caller, Inputs.roomId(roomId))));
    }
}
