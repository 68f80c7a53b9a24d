package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Sending, editing and deleting messages through the real HTTP stack, and what comes back from storage. */
class MessagesApiIT extends RestApiTest {

    @Test
    void sentMessageCarriesEveryContractFieldAndReadsBackIdentically() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        ApiResponse sent = alice.trySend(roomId, "c-17", "hi");

        JsonNode message = sent.expect(201);
        assertThat(message.path("messageId").stringValue()).isNotBlank();
        assertThat(message.path("roomId").stringValue()).isEqualTo(roomId);
        assertThat(message.path("seq").longValue()).isEqualTo(2);
        assertThat(message.path("senderId").stringValue()).isEqualTo(alice.id());
        assertThat(message.path("senderName").stringValue()).isEqualTo("alice");
        assertThat(message.path("clientMsgId").stringValue()).isEqualTo("c-17");
        assertThat(message.path("type").stringValue()).isEqualTo("TEXT");
        assertThat(message.path("content").stringValue()).isEqualTo("hi");
        assertThat(Instant.parse(message.path("createdAt").stringValue())).isBeforeOrEqualTo(Instant.now());
        assertThat(message.has("editedAt")).isTrue();
        assertThat(message.path("editedAt").isNull()).isTrue();
        assertThat(message.path("deleted").booleanValue()).isFalse();
        assertThat(message.path("lastEventSeq").longValue()).isEqualTo(2);
        assertThat(sent.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        // What storage gives back is exactly what the send answered, timestamps included.
        assertThat(alice.message(roomId, message.path("messageId").stringValue())).isEqualTo(message);
        assertThat(alice.lastSeq(roomId)).isEqualTo(2);
    }

    @Test
    void sendAnswers201ThenTheSameClientMsgIdAnswers200WithTheIdenticalMessage() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        ApiResponse first = alice.trySend(roomId, "retry-1", "only once");
        ApiResponse retry = alice.trySend(roomId, "retry-1", "only once");
        ApiResponse retryWithOtherText = alice.trySend(roomId, "retry-1", "changed my mind");

        JsonNode original = first.expect(201);
        assertThat(retry.expect(200)).isEqualTo(original);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retryWithOtherText.expect(200)).isEqualTo(original);
        List<JsonNode> texts = textMessages(alice.timeline(roomId));
        assertThat(texts).containsExactly(original);
        assertThat(alice.lastSeq(roomId)).isEqualTo(original.path("seq").longValue());
    }

    @Test
    void theSameClientMsgIdFromAnotherSenderIsAnotherMessage() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);

        JsonNode fromAlice = alice.trySend(roomId, "c-1", "hello from alice").expect(201);
        JsonNode fromBob = bob.trySend(roomId, "c-1", "hello from bob").expect(201);

        assertThat(fromBob.path("messageId")).isNotEqualTo(fromAlice.path("messageId"));
        assertThat(fromBob.path("seq").longValue()).isEqualTo(fromAlice.path("seq").longValue() + 1);
        assertThat(textMessages(alice.timeline(roomId))).containsExactly(fromAlice, fromBob);
    }

    @Test
    void clientMsgIdOf64CharactersIsAccepted() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String clientMsgId = "k".repeat(64);

        JsonNode message = alice.trySend(roomId, clientMsgId, "boundary").expect(201);

        assertThat(message.path("clientMsgId").stringValue()).isEqualTo(clientMsgId);
    }

    @Test
    void contentIsStrippedOfSurroundingWhiteSpaceButKeepsItsInnerWhiteSpace() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        JsonNode message = alice.send(roomId, " \t\r\n  first line\n\n\tsecond  line \u3000\r\n");

        assertThat(message.path("content").stringValue()).isEqualTo("first line\n\n\tsecond  line");
        assertThat(alice.message(roomId, message.path("messageId").stringValue()).path("content").stringValue())
                .isEqualTo("first line\n\n\tsecond  line");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66 family, \uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08 flag, "
                + "\uD83D\uDC4D\uD83C\uDFFD tone, \uD83C\uDDEF\uD83C\uDDF5 JP",
        "\u05E9\u05DC\u05D5\u05DD \u200F\u05E2\u05D5\u05DC\u05DD\u200F and \u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
        "\u202Eevil override\u202C \u2066isolate\u2069 \u200E",
        "e\u0301 is not \u00E9, Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032D\u0308\u0307lgo, \u0915\u094D\u0937\u093F",
        "\uD835\uDD73\uD835\uDD8A\uD835\uDD91\uD835\uDD91\uD835\uDD94 \u6F22\u5B57 \uD840\uDC0B \u00A0nbsp\u00A0inside"
    })
    void unicodeContentRoundTripsExactly(String content) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        JsonNode sent = alice.send(roomId, content);

        String echoed = sent.path("content").stringValue();
        String stored = alice.message(roomId, sent.path("messageId").stringValue()).path("content").stringValue();
        // No normalization (NFC would merge e + U+0301 into U+00E9), no dropped marks or joiners.
        assertThat(echoed.getBytes(StandardCharsets.UTF_8)).isEqualTo(content.getBytes(StandardCharsets.UTF_8));
        assertThat(stored.getBytes(StandardCharsets.UTF_8)).isEqualTo(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contentOf4000CodePointsIsAcceptedEvenWhenThatIs8000Utf16Units() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String emoji = "\uD83D\uDE00".repeat(4000);
        String letters = "a".repeat(4000);

        JsonNode emojiMessage = alice.send(roomId, emoji);
        JsonNode letterMessage = alice.send(roomId, "  " + letters + "  ");

        assertThat(alice.message(roomId, emojiMessage.path("messageId").stringValue()).path("content").stringValue())
                .isEqualTo(emoji);
        assertThat(letterMessage.path("content").stringValue()).isEqualTo(letters);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'; DROP TABLE message; --",
        "Robert'); DELETE FROM room_member WHERE ''='",
        "\" OR 1=1 -- \\ %_ $$ $1 :roomId ?",
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "&lt;b&gt; &amp; <b>bold</b> {{7*7}} ${jndi:ldap://x/a}"
    })
    void sqlAndHtmlAreStoredVerbatim(String content) {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();

        JsonNode sent = alice.send(roomId, content);

        assertThat(sent.path("content").stringValue()).isEqualTo(content);
        assertThat(alice.message(roomId, sent.path("messageId").stringValue()).path("content").stringValue())
                .isEqualTo(content);
        assertThat(alice.send(roomId, "still working").path("seq").longValue())
                .isEqualTo(sent.path("seq").longValue() + 1);
    }

    @Test
    void senderAndServerAssignedFieldsInThePayloadAreIgnored() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("clientMsgId", "spoof-1");
        payload.put("content", "who sent this?");
        payload.put("senderId", bob.id());
        payload.put("senderName", "Bob");
        payload.put("messageId", "chosen-by-client");
        payload.put("seq", 999);
        payload.put("deleted", true);

        JsonNode message = alice.post("/rooms/" + roomId + "/messages", payload).expect(201);

        assertThat(message.path("senderId").stringValue()).isEqualTo(alice.id());
        assertThat(message.path("senderName").stringValue()).isEqualTo("alice");
        assertThat(message.path("messageId").stringValue()).isNotEqualTo("chosen-by-client");
        assertThat(message.path("seq").longValue()).isEqualTo(3);
        assertThat(message.path("deleted").booleanValue()).isFalse();
        assertThat(textMessages(bob.timeline(roomId)))
                .extracting(m -> m.path("senderId").stringValue())
                .containsExactly(alice.id());
    }

    @Test
    void authorEditsAMessageWhichKeepsItsPlaceAndGetsANewLastEventSeq() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        JsonNode original = alice.send(roomId, "frist");
        String messageId = original.path("messageId").stringValue();
        bob.send(roomId, "you mean first?");

        JsonNode edited = alice.edit(roomId, messageId, "  first  ");

        assertThat(edited.path("content").stringValue()).isEqualTo("first");
        assertThat(edited.path("seq").longValue()).isEqualTo(original.path("seq").longValue());
        assertThat(edited.path("createdAt")).isEqualTo(original.path("createdAt"));
        assertThat(edited.path("clientMsgId")).isEqualTo(original.path("clientMsgId"));
        assertThat(Instant.parse(edited.path("editedAt").stringValue()))
                .isAfterOrEqualTo(Instant.parse(original.path("createdAt").stringValue()));
        assertThat(edited.path("lastEventSeq").longValue()).isEqualTo(5);
        assertThat(edited.path("deleted").booleanValue()).isFalse();
        assertThat(bob.lastSeq(roomId)).isEqualTo(5);
        assertThat(bob.message(roomId, messageId)).isEqualTo(edited);
    }

    @Test
    void authorDeletesAMessageLeavingATombstoneAndDeletingAgainChangesNothing() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        JsonNode original = bob.send(roomId, "oops, wrong room");
        String messageId = original.path("messageId").stringValue();

        JsonNode tombstone = bob.deleteMessage(roomId, messageId);

        assertThat(tombstone.path("deleted").booleanValue()).isTrue();
        assertThat(tombstone.has("content")).isTrue();
        assertThat(tombstone.path("content").isNull()).isTrue();
        assertThat(tombstone.path("messageId").stringValue()).isEqualTo(messageId);
        assertThat(tombstone.path("seq").longValue()).isEqualTo(original.path("seq").longValue());
        assertThat(tombstone.path("senderId").stringValue()).isEqualTo(bob.id());
        assertThat(tombstone.path("lastEventSeq").longValue()).isEqualTo(4);
        assertThat(alice.message(roomId, messageId)).isEqualTo(tombstone);

        JsonNode timelineBefore = alice.timeline(roomId);
        assertThat(bob.deleteMessage(roomId, messageId)).isEqualTo(tombstone);
        assertThat(alice.timeline(roomId)).isEqualTo(timelineBefore);
    }

    @Test
    void ownerDeletesAnotherMembersMessage() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        String messageId = bob.sendId(roomId, "spam spam spam");

        JsonNode tombstone = alice.deleteMessage(roomId, messageId);

        assertThat(tombstone.path("deleted").booleanValue()).isTrue();
        assertThat(tombstone.path("content").isNull()).isTrue();
        assertThat(tombstone.path("senderId").stringValue()).as("the author stays the author").isEqualTo(bob.id());
        assertThat(bob.message(roomId, messageId)).isEqualTo(tombstone);
    }

    static List<JsonNode> textMessages(JsonNode syncPage) {
        return syncPage.path("messages").valueStream()
                .filter(message -> "TEXT".equals(message.path("type").stringValue()))
                .toList();
    }
}
