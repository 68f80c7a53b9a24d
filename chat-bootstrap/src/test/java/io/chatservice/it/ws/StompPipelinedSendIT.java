package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.service.MessageService;
import io.chatservice.it.web.ApiUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A connection may send messages without waiting for each ack: its SENDs go into the same group commit, are
 * committed in the order they were sent, and are answered (acks, errors, receipts) in the order of the frames.
 * Any other frame is processed only after the SENDs before it are answered.
 */
class StompPipelinedSendIT extends StompIntegrationTest {

    @Autowired MessageService messages;

    @Test
    void backToBackSendsOfOneConnectionShareCommitsAndKeepTheirOrder() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        long seqBefore = alice.lastSeq(roomId);
        long batchesBefore = messages.sendStatistics().batches();
        int count = 40;

        for (int i = 0; i < count; i++) {
            alices.send(Destinations.messages(roomId), StompConnection.message("c-" + i, "message " + i));
        }
        List<ReceivedFrame> acks = alices.next(StompConnection.ACKS, count, StompConnection.TIMEOUT);

        List<String> sentOrder = new ArrayList<>();
        List<Long> expectedSeqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sentOrder.add("c-" + i);
            expectedSeqs.add(seqBefore + 1 + i);
        }
        assertThat(acks).extracting(ack -> ack.field("clientMsgId")).containsExactlyElementsOf(sentOrder);
        assertThat(acks).extracting(ReceivedFrame::seq).containsExactlyElementsOf(expectedSeqs);
        assertThat(acks).extracting(ack -> ack.field("status")).containsOnly("ACCEPTED");
        long batches = messages.sendStatistics().batches() - batchesBefore;
        assertThat(batches).as("commits for %d back-to-back sends of one connection", count).isLessThan(count / 2);
        assertThat(alice.lastSeq(roomId)).isEqualTo(seqBefore + count);
    }

    @Test
    void answersComeInFrameOrderWhateverTheOutcome() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        String notMine = api.newUser("carol").createRoomWith();
        StompConnection alices = connect(alice);

        alices.send(Destinations.messages(roomId), StompConnection.message("c-1", "first"));
        alices.send(Destinations.messages(roomId), StompConnection.message("c-2", ""));
        alices.send(Destinations.messages(notMine), StompConnection.message("c-3", "not a member"));
        alices.send(Destinations.messages(roomId), StompConnection.message("c-1", "first, again"));
        StompConnection.Receipt last = alices.sendWithReceipt(
                Destinations.messages(roomId), StompConnection.message("c-5", "last"));
        last.await();

        // Frames of one connection arrive in the order they were written: by the RECEIPT, every answer is in.
        List<ReceivedFrame> acks = alices.pending(StompConnection.ACKS);
        List<ReceivedFrame> errors = alices.pending(StompConnection.ERRORS);
        assertThat(acks).extracting(ack -> ack.field("clientMsgId") + " " + ack.field("status"))
                .containsExactly("c-1 ACCEPTED", "c-1 DUPLICATE", "c-5 ACCEPTED");
        assertThat(acks.get(1).seq()).isEqualTo(acks.get(0).seq());
        assertThat(acks.get(2).seq()).isEqualTo(acks.get(0).seq() + 1);
        assertThat(errors).extracting(error -> error.field("clientMsgId") + " " + error.field("code"))
                .containsExactly("c-2 VALIDATION_FAILED", "c-3 FORBIDDEN");
    }

    @Test
    void anEditAfterPipelinedSendsIsProcessedOnceTheyAreCommitted() {
        ApiUser alice = api.newUser("alice");
        String roomId = alice.createRoomWith();
        StompConnection alices = connect(alice);
        ReceivedFrame first = alices.sendAndAwaitAck(roomId, "c-0", "first draft");

        for (int i = 1; i <= 10; i++) {
            alices.send(Destinations.messages(roomId), StompConnection.message("c-" + i, "message " + i));
        }
        alices.send(Destinations.edit(roomId, first.messageId()), Map.of("content", "edited", "clientMsgId", "e-1"));

        List<ReceivedFrame> answers = alices.next(StompConnection.ACKS, 11, StompConnection.TIMEOUT);
        assertThat(answers.getLast().field("clientMsgId")).isEqualTo("e-1");
        assertThat(answers.getLast().seq()).as("the edit's event comes after the ten messages")
                .isEqualTo(first.seq() + 11);
    }
}
