package io.chatservice.application.service;

import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.JoinRoomCommand;
import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.PageLimit;
import io.chatservice.application.port.in.RemoveMemberCommand;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.SyncPage;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.application.port.in.UnreadQuery;
import io.chatservice.application.port.in.UnreadStatus;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Short ways to drive the services over the fakes, so that each test reads as the story it tells. */
final class ChatScenario {

    static final Caller ALICE = new Caller(UserId.of("alice"), "Alice");
    static final Caller BOB = new Caller(UserId.of("bob"), "Bob");
    static final Caller CAROL = new Caller(UserId.of("carol"), null);
    static final Caller DAVE = new Caller(UserId.of("dave"), "Dave");

    final ChatServices chat = ChatServices.create();
    private final AtomicInteger clientMsgIds = new AtomicInteger();

    RoomId createRoom(Caller owner, Visibility visibility, Caller... members) {
        return createRoom(owner, "room", visibility, members);
    }

    RoomId createRoom(Caller owner, String name, Visibility visibility, Caller... members) {
        var memberIds = Arrays.stream(members).map(Caller::id).collect(Collectors.toSet());
        return chat.rooms()
                .createRoom(new CreateRoomCommand(owner, RoomName.of(name), visibility, memberIds))
                .id();
    }

    void join(Caller caller, RoomId roomId) {
        chat.rooms().joinRoom(new JoinRoomCommand(caller, roomId));
    }

    void add(Caller caller, RoomId roomId, Caller user) {
        chat.rooms().addMember(new AddMemberCommand(caller, roomId, user.id()));
    }

    void remove(Caller caller, RoomId roomId, Caller user) {
        chat.rooms().removeMember(new RemoveMemberCommand(caller, roomId, user.id()));
    }

    Message send(Caller caller, RoomId roomId, String text) {
        return sendWith(caller, roomId, "c-" + clientMsgIds.incrementAndGet(), text).message();
    }

    SendResult sendWith(Caller caller, RoomId roomId, String clientMsgId, String text) {
        return chat.messages().sendMessage(
                new SendMessageCommand(caller, roomId, ClientMsgId.of(clientMsgId), MessageContent.of(text)));
    }

    Message edit(Caller caller, RoomId roomId, Message message, String text) {
        return chat.messages().editMessage(
                new EditMessageCommand(caller, roomId, message.id(), MessageContent.of(text)));
    }

    Message delete(Caller caller, RoomId roomId, Message message) {
        return chat.messages().deleteMessage(new DeleteMessageCommand(caller, roomId, message.id()));
    }

    UnreadStatus markRead(Caller caller, RoomId roomId, Message message) {
        return chat.readMarkers().markRead(new MarkReadCommand(caller, roomId, message.id()));
    }

    UnreadStatus unread(Caller caller, RoomId roomId) {
        return chat.readMarkers().getUnread(new UnreadQuery(caller, roomId));
    }

    SyncPage syncSince(Caller caller, RoomId roomId, long sinceSeq, int limit) {
        return chat.timeline().syncMessages(new SyncQuery(caller, roomId, null, sinceSeq, new PageLimit(limit)));
    }

    /** The room's last seq as the store holds it. */
    long lastSeq(RoomId roomId) {
        return chat.store().loadRoom(roomId).orElseThrow().lastSeq();
    }

    List<RoomEvent> published() {
        return chat.events().published();
    }

    List<Long> publishedSeqs(RoomId roomId) {
        return chat.events().publishedIn(roomId).stream().map(RoomEvent::seq).toList();
    }
}
