package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.GetUnreadUseCase;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.MarkReadUseCase;
import io.chatservice.application.port.in.UnreadQuery;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's read marker in a room and the unread count it implies. */
@RestController
@RequestMapping(path = "/api/v1/rooms/{roomId}", produces = MediaType.APPLICATION_JSON_VALUE)
class ReadMarkerController {

    private final MarkReadUseCase markRead;
    private final GetUnreadUseCase getUnread;

    ReadMarkerController(MarkReadUseCase markRead, GetUnreadUseCase getUnread) {
        this.markRead = markRead;
        this.getUnread = getUnread;
    }

    /** Answers with the status after the move; a marker older than the current one leaves it where it is. */
    @PostMapping(path = "/read", consumes = MediaType.APPLICATION_JSON_VALUE)
    UnreadResponse markRead(Caller caller, @PathVariable String roomId, @Valid @RequestBody MarkReadRequest body) {
        var command = new MarkReadCommand(
                caller, Inputs.roomId(roomId), Inputs.messageId("lastReadMessageId", body.lastReadMessageId()));
        return UnreadResponse.of(markRead.markRead(command));
    }

    @GetMapping("/unread")
    UnreadResponse unread(Caller caller, @PathVariable String roomId) {
        return UnreadResponse.of(getUnread.getUnread(new UnreadQuery(caller, Inputs.roomId(roomId))));
    }
}
