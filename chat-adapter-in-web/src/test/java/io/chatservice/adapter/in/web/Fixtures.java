package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.RoomDetails;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.List;

/** Domain values the fake use cases hand back. */
final class Fixtures {

    static final RoomId ROOM = RoomId.of("r-1");
    static final UserId ALICE = UserId.of("alice");
    static final UserId BOB = UserId.of("bob");
    static final Caller ALICE_CALLER = new Caller(ALICE, "Alice");
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-01T12:00:05.123456Z");

    private Fixtures() {
    }

    static Message text(String id, long seq, String clientMsgId, String content) {
        return new Message(MessageId.of(id), ROOM, seq, ALICE, "Alice", ClientMsgId.of(clientMsgId),
                MessageType.TEXT, MessageContent.of(content), T0, null, null, seq);
    }

    static Message edited(String id, long seq, long lastEventSeq, String content) {
        return new Message(MessageId.of(id), ROOM, seq, ALICE, "Alice", ClientMsgId.of("c-" + seq),
                MessageType.TEXT, MessageContent.of(content), T0, T1, null, lastEventSeq);
    }

    static Message tombstone(String id, long seq, long lastEventSeq) {
        return new Message(MessageId.of(id), ROOM, seq, ALICE, "Alice", ClientMsgId.of("c-" + seq),
                MessageType.TEXT, null, T0, null, T1, lastEventSeq);
    }

    static Message joined(String id, long seq, UserId member) {
        return new Message(MessageId.of(id), ROOM, seq, member, null, null, MessageType.JOIN, null, T0, null,
                null, seq);
    }

    static RoomDetails room() {
        return new RoomDetails(ROOM, "general", Visibility.PUBLIC, T0, 2, List.of(
                new Member(ALICE, MemberRole.OWNER, T0, 1, 1),
                new Member(BOB, MemberRole.MEMBER, T1, 2, 2)));
    }
}
