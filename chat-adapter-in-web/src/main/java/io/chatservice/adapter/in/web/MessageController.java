package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.HistoryQuery;
import io.chatservice.application.port.in.LoadHistoryUseCase;
import io.chatservice.application.port.in.PageLimit;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.SyncMessagesUseCase;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.RoomId;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A room's messages: send, edit, delete, and reading the timeline as history pages or reconnect sync. */
@RestController
@RequestMapping(path = "/api/v1/rooms/{roomId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
class MessageController {

    private final SendMessageUseCase sendMessage;
    private final EditMessageUseCase editMessage;
    private final DeleteMessageUseCase deleteMessage;
    private final LoadHistoryUseCase loadHistory;
    private final SyncMessagesUseCase syncMessages;

    MessageController(
            SendMessageUseCase sendMessage,
            EditMessageUseCase editMessage,
            DeleteMessageUseCase deleteMessage,
            LoadHistoryUseCase loadHistory,
            SyncMessagesUseCase syncMessages) {
        this.sendMessage = sendMessage;
        this.editMessage = editMessage;
        this.deleteMessage = deleteMessage;
        this.loadHistory = loadHistory;
        this.syncMessages = syncMessages;
    }

    /** 201 for a new message; 200 with the original message when the clientMsgId was sent before. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MessageResponse> send(
            Caller caller, @PathVariable String roomId, @Valid @RequestBody SendMessageRequest body) {
        RoomId room = Inputs.roomId(roomId);
        ClientMsgId clientMsgId = Inputs.field("clientMsgId", () -> ClientMsgId.of(body.clientMsgId()));
        MessageContent content = Inputs.field("content", () -> MessageContent.of(body.content()));
        if (body.type() != null && !MessageType.TEXT.name().equals(body.type())) {
            throw new InvalidFieldException("type", "must be TEXT (or left out); other types are the system's");
        }
        SendResult result = sendMessage.sendMessage(new SendMessageCommand(caller, room, clientMsgId, content));
        return ResponseEntity.status(result.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(MessageResponse.of(result.message()));
    }

    @PatchMapping(path = "/{messageId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    MessageResponse edit(
            Caller caller,
            @PathVariable String roomId,
            @PathVariable String messageId,
            @Valid @RequestBody EditMessageRequest body) {
        RoomId room = Inputs.roomId(roomId);
        MessageId message = Inputs.messageId("messageId", messageId);
        MessageContent content = Inputs.field("content", () -> MessageContent.of(body.content()));
        return MessageResponse.of(editMessage.editMessage(new EditMessageCommand(caller, room, message, content)));
    }

    /** 200 with the tombstone, so the client learns the delete's {@code lastEventSeq}; repeating it is harmless. */
    @DeleteMapping("/{messageId}")
    MessageResponse delete(Caller caller, @PathVariable String roomId, @PathVariable String messageId) {
        RoomId room = Inputs.roomId(roomId);
        MessageId message = Inputs.messageId("messageId", messageId);
        return MessageResponse.of(deleteMessage.deleteMessage(new DeleteMessageCommand(caller, room, message)));
    }

    /**
     * One endpoint, two reads, told apart by the cursor: {@code after} (a message id) or {@code sinceSeq} ask
     * for reconnect sync ({@link SyncResponse}); {@code before} or no cursor ask for a history page
     * ({@link HistoryResponse}). Mixing the two kinds of cursor is a client bug, so it is refused, not guessed.
     */
    @GetMapping
    Object read(
            Caller caller,
            @PathVariable String roomId,
            @RequestParam(name = "before", required = false) @Nullable String before,
            @RequestParam(name = "after", required = false) @Nullable String after,
            @RequestParam(name = "sinceSeq", required = false) @Nullable String sinceSeqParam,
            @RequestParam(name = "limit", required = false) @Nullable String limitParam) {
        RoomId room = Inputs.roomId(roomId);
        // Read as text: an empty "sinceSeq=" must be refused, not taken for "no cursor" (a history page).
        Long sinceSeq = sinceSeqParam == null ? null : wholeNumber("sinceSeq", sinceSeqParam, 0, Long.MAX_VALUE);
        PageLimit pageLimit = limitParam == null
                ? PageLimit.DEFAULT
                : new PageLimit((int) wholeNumber("limit", limitParam, 1, PageLimit.MAX));
        if (before != null && (after != null || sinceSeq != null)) {
            throw new InvalidFieldException("before", "cannot be combined with after or sinceSeq");
        }
        if (after != null && sinceSeq != null) {
            throw new InvalidFieldException("sinceSeq", "cannot be combined with after");
        }
        if (after != null || sinceSeq != null) {
            MessageId afterMessage = after == null ? null : Inputs.messageId("after", after);
            return SyncResponse.of(syncMessages.syncMessages(
                    new SyncQuery(caller, room, afterMessage, sinceSeq, pageLimit)));
        }
        MessageId beforeMessage = before == null ? null : Inputs.messageId("before", before);
        return HistoryResponse.of(loadHistory.loadHistory(new HistoryQuery(caller, room, beforeMessage, pageLimit)));
    }

    /** Digits only, in range: no sign, no blanks, no empty value mistaken for an absent one. */
    private static long wholeNumber(String parameter, String value, long min, long max) {
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                long number = Long.parseLong(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException beyondLong) {
                // answered below, like any other number out of range
            }
        }
        throw new InvalidFieldException(parameter, "must be a whole number from " + min + " to " + max);
    }
}
