package io.chatservice.it.ws;

import static io.chatservice.it.ws.StompMessagingIT.assertSameMessage;
import static io.chatservice.it.ws.StompMessagingIT.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The contract between the two entry points: the {@code message} object of every room event on STOMP is the
 * very object REST returns for that message at that moment (same fields, same values, same order), for every
 * event type. A client can then keep one message model fed from both.
 */
class EnvelopeContractIT extends StompIntegrationTest {

    @Test
    void everyEventTypeCarriesTheMessageExactlyAsRestReturnsIt() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));

        bob.join(roomId);
        ReceivedFrame joined = alices.next(Destinations.room(roomId));
        assertEnvelope(joined, "MEMBER_JOINED", roomId);
        assertSameMessage(joined.json().path("message"), alice.message(roomId, joined.messageId()));
        assertThat(joined.json().path("message").path("type").stringValue()).isEqualTo("JOIN");

        JsonNode sentByRest = alice.send(roomId, "héllo 👋 \"quoted\" <b>&amp;</b> \\ שלום");
        ReceivedFrame sent = alices.event(roomId, "MESSAGE_SENT", sentByRest.path("messageId").stringValue());
        assertEnvelope(sent, "MESSAGE_SENT", roomId);
        assertSameMessage(sent.json().path("message"), sentByRest);
        assertSameMessage(sent.json().path("message"),
                alice.message(roomId, sentByRest.path("messageId").stringValue()));
        assertThat(sent.field("occurredAt")).isEqualTo(sentByRest.path("createdAt").stringValue());

        String messageId = sentByRest.path("messageId").stringValue();
        JsonNode editedByRest = alice.edit(roomId, messageId, "edited ✏️");
        ReceivedFrame edited = alices.event(roomId, "MESSAGE_EDITED", messageId);
        assertEnvelope(edited, "MESSAGE_EDITED", roomId);
        assertSameMessage(edited.json().path("message"), editedByRest);
        assertThat(edited.field("occurredAt")).isEqualTo(editedByRest.path("editedAt").stringValue());

        JsonNode deletedByRest = alice.deleteMessage(roomId, messageId);
        ReceivedFrame deleted = alices.event(roomId, "MESSAGE_DELETED", messageId);
        assertEnvelope(deleted, "MESSAGE_DELETED", roomId);
        assertSameMessage(deleted.json().path("message"), deletedByRest);
        assertSameMessage(deleted.json().path("message"), alice.message(roomId, messageId));

        bob.removeMember(roomId, bob);
        ReceivedFrame left = alices.next(Destinations.room(roomId));
        assertEnvelope(left, "MEMBER_LEFT", roomId);
        assertSameMessage(left.json().path("message"), alice.message(roomId, left.messageId()));
        assertThat(left.json().path("message").path("type").stringValue()).isEqualTo("LEAVE");

        assertThat(alices.pending(Destinations.room(roomId))).isEmpty();
    }

    @Test
    void eventsAcksAndErrorsAreLabelledAsJson() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));

        ReceivedFrame ack = alices.sendAndAwaitAck(roomId, "c-1", "json please");
        ReceivedFrame event = alices.event(roomId, "MESSAGE_SENT", ack.messageId());
        alices.sendText(Destinations.messages(roomId), "{\"clientMsgId\":\"c-2\",\"content\":\"\"}");
        ReceivedFrame error = alices.errorFor("c-2");

        assertThat(event.header("content-type")).startsWith("application/json");
        assertThat(ack.header("content-type")).startsWith("application/json");
        assertThat(error.header("content-type")).startsWith("application/json");
    }

    private static void assertEnvelope(ReceivedFrame event, String type, String roomId) {
        JsonNode envelope = event.json();
        assertThat(fieldNames(envelope)).containsExactly("type", "roomId", "seq", "occurredAt", "message");
        assertThat(envelope.path("type").stringValue()).isEqualTo(type);
        assertThat(envelope.path("roomId").stringValue()).isEqualTo(roomId);
        assertThat(envelope.path("seq").isIntegralNumber()).isTrue();
        // The envelope's seq is the event's, which is the latest change of its message.
        assertThat(envelope.path("seq").longValue()).isEqualTo(envelope.path("message").path("lastEventSeq").longValue());
        assertThat(envelope.path("occurredAt").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z");
    }
}
