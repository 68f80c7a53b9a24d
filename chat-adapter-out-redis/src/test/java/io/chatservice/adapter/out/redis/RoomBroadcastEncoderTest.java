package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageEdited;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RoomBroadcastEncoderTest {

    private static final RoomId ROOM = RoomId.of("r-1");

    private final RoomBroadcastEncoder encoder = new RoomBroadcastEncoder(JsonMapper.shared());

    @Test
    void messageSentIsTheContractEnvelopeWithTheRestMessageObject() {
        RoomBroadcast broadcast = encoder.encode(TestEvents.sent(ROOM, 42, "hi"));

        assertThat(broadcast.json()).isEqualTo("""
                {"type":"MESSAGE_SENT","roomId":"r-1","seq":42,"occurredAt":"2026-01-01T12:00:00.123456Z",\
                "message":{"messageId":"m-42","roomId":"r-1","seq":42,"senderId":"alice","senderName":"Alice",\
                "clientMsgId":"c-42","type":"TEXT","content":"hi","createdAt":"2026-01-01T12:00:00.123456Z",\
                "editedAt":null,"deleted":false,"lastEventSeq":42}}""");
        assertThat(broadcast.roomId()).isEqualTo(ROOM);
        assertThat(broadcast.kind()).isEqualTo(RoomBroadcast.Kind.ROOM_EVENT);
        assertThat(broadcast.seq()).isEqualTo(42);
        assertThat(broadcast.departedMember()).isNull();
    }

    @Test
    void messageEditedCarriesTheNewContentAndEditedAtAndHappenedWhenEdited() {
        MessageSent sent = TestEvents.sent(ROOM, 42, "hi");
        MessageEdited edited = sent.message().editBy(UserId.of("alice"), MessageContent.of("hello"), 43, TestEvents.EDITED);

        RoomBroadcast broadcast = encoder.encode(edited);

        assertThat(broadcast.json()).isEqualTo("""
                {"type":"MESSAGE_EDITED","roomId":"r-1","seq":43,"occurredAt":"2026-01-01T12:05:00Z",\
                "message":{"messageId":"m-42","roomId":"r-1","seq":42,"senderId":"alice","senderName":"Alice",\
                "clientMsgId":"c-42","type":"TEXT","content":"hello","createdAt":"2026-01-01T12:00:00.123456Z",\
                "editedAt":"2026-01-01T12:05:00Z","deleted":false,"lastEventSeq":43}}""");
        assertThat(broadcast.seq()).isEqualTo(43);
    }

    @Test
    void messageDeletedIsATombstoneWithNullContent() {
        MessageSent sent = TestEvents.sent(ROOM, 42, "hi");
        MessageDeleted deleted = sent.message().deleteBy(UserId.of("alice"), false, 44, TestEvents.DELETED);

        RoomBroadcast broadcast = encoder.encode(deleted);

        assertThat(broadcast.json()).isEqualTo("""
                {"type":"MESSAGE_DELETED","roomId":"r-1","seq":44,"occurredAt":"2026-01-01T12:06:00.120Z",\
                "message":{"messageId":"m-42","roomId":"r-1","seq":42,"senderId":"alice","senderName":"Alice",\
                "clientMsgId":"c-42","type":"TEXT","content":null,"createdAt":"2026-01-01T12:00:00.123456Z",\
                "editedAt":null,"deleted":true,"lastEventSeq":44}}""");
        assertThat(broadcast.seq()).isEqualTo(44);
    }

    @Test
    void memberJoinedCarriesTheJoinRecord() {
        RoomBroadcast broadcast = encoder.encode(TestEvents.joined(ROOM, 7, "bob", "Bob"));

        assertThat(broadcast.json()).isEqualTo("""
                {"type":"MEMBER_JOINED","roomId":"r-1","seq":7,"occurredAt":"2026-01-01T12:00:00.123456Z",\
                "message":{"messageId":"m-7","roomId":"r-1","seq":7,"senderId":"bob","senderName":"Bob",\
                "clientMsgId":null,"type":"JOIN","content":null,"createdAt":"2026-01-01T12:00:00.123456Z",\
                "editedAt":null,"deleted":false,"lastEventSeq":7}}""");
        assertThat(broadcast.departedMember()).isNull();
    }

    @Test
    void memberLeftNamesTheDepartedMemberAndWritesAMissingSenderNameAsNull() {
        RoomBroadcast broadcast = encoder.encode(TestEvents.left(ROOM, 8, "bob"));

        assertThat(broadcast.json()).isEqualTo("""
                {"type":"MEMBER_LEFT","roomId":"r-1","seq":8,"occurredAt":"2026-01-01T12:00:00.123456Z",\
                "message":{"messageId":"m-8","roomId":"r-1","seq":8,"senderId":"bob","senderName":null,\
                "clientMsgId":null,"type":"LEAVE","content":null,"createdAt":"2026-01-01T12:00:00.123456Z",\
                "editedAt":null,"deleted":false,"lastEventSeq":8}}""");
        assertThat(broadcast.departedMember()).isEqualTo(UserId.of("bob"));
    }

    @Test
    void contentIsEscapedAsJsonRequiresAndOtherwiseKeptAsWritten() {
        String content = "\"quoted\" back\\slash </script><script>alert(1)</script> tab\tnewline\ncontrol\u0001"
                + " emoji \uD83D\uDE00 RTL \u05E9\u05DC\u05D5\u05DD \u0627\u0644\u0633\u0644\u0627\u0645"
                + " separator\u2028end";

        RoomBroadcast broadcast = encoder.encode(TestEvents.sent(ROOM, 5, content));

        assertThat(broadcast.json()).contains("\"content\":\""
                + "\\\"quoted\\\" back\\\\slash </script><script>alert(1)</script> tab\\tnewline\\ncontrol\\u0001"
                + " emoji \uD83D\uDE00 RTL \u05E9\u05DC\u05D5\u05DD \u0627\u0644\u0633\u0644\u0627\u0645"
                + " separator\u2028end\",");
        assertThat(JsonMapper.shared().readTree(broadcast.json()).path("message").path("content").stringValue())
                .isEqualTo(content);
    }

    @Test
    void typingIsItsOwnSmallEnvelopeWithoutSeq() {
        RoomBroadcast broadcast = encoder.encodeTyping(ROOM, UserId.of("bob"), true);

        assertThat(broadcast.json()).isEqualTo("{\"type\":\"TYPING\",\"roomId\":\"r-1\",\"userId\":\"bob\",\"typing\":true}");
        assertThat(broadcast.kind()).isEqualTo(RoomBroadcast.Kind.TYPING);
        assertThat(broadcast.seq()).isZero();
        assertThat(encoder.encodeTyping(ROOM, UserId.of("bob"), false).json()).endsWith("\"typing\":false}");
    }

    @Test
    void presenceIsItsOwnSmallEnvelopeWithoutSeq() {
        RoomBroadcast online = encoder.encodePresence(ROOM, UserId.of("bob"), true);
        RoomBroadcast offline = encoder.encodePresence(ROOM, UserId.of("bob"), false);

        assertThat(online.json()).isEqualTo("{\"type\":\"PRESENCE\",\"roomId\":\"r-1\",\"userId\":\"bob\",\"online\":true}");
        assertThat(offline.json()).isEqualTo("{\"type\":\"PRESENCE\",\"roomId\":\"r-1\",\"userId\":\"bob\",\"online\":false}");
        assertThat(online.kind()).isEqualTo(RoomBroadcast.Kind.PRESENCE);
        assertThat(online.roomId()).isEqualTo(ROOM);
        assertThat(online.seq()).isZero();
        assertThat(online.departedMember()).isNull();
    }

    @Test
    void idsWithQuotesAreEscapedToo() {
        RoomBroadcast broadcast = encoder.encodeTyping(RoomId.of("r\"*?"), UserId.of("auth0|\u00e9"), true);

        assertThat(broadcast.json())
                .isEqualTo("{\"type\":\"TYPING\",\"roomId\":\"r\\\"*?\",\"userId\":\"auth0|\u00e9\",\"typing\":true}");
    }
}
