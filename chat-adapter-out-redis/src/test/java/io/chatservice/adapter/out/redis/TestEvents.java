package io.chatservice.adapter.out.redis;

import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MemberJoined;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Room events with fixed ids and times, one of each type, for the wire-format tests. */
final class TestEvents {

    static final Instant CREATED = Instant.parse("2026-01-01T12:00:00.123456789Z");
    static final Instant EDITED = Instant.parse("2026-01-01T12:05:00Z");
    static final Instant DELETED = Instant.parse("2026-01-01T12:06:00.120Z");

    private TestEvents() {
    }

    static RoomId newRoom() {
        return RoomId.of("it-" + UUID.randomUUID());
    }

    static MessageSent sent(RoomId room, long seq, String content) {
        return Message.send(
                MessageId.of("m-" + seq),
                room,
                seq,
                UserId.of("alice"),
                "Alice",
                ClientMsgId.of("c-" + seq),
                MessageContent.of(content),
                CREATED);
    }

    static MemberJoined joined(RoomId room, long seq, String member, @Nullable String name) {
        return new MemberJoined(new Message(
                MessageId.of("m-" + seq), room, seq, UserId.of(member), name, null, MessageType.JOIN, null, CREATED,
                null, null, seq));
    }

    static MemberLeft left(RoomId room, long seq, String member) {
        return new MemberLeft(
                new Message(MessageId.of("m-" + seq), room, seq, UserId.of(member), null, null, MessageType.LEAVE,
                        null, CREATED, null, null, seq),
                UserId.of("alice"),
                null);
    }
}
