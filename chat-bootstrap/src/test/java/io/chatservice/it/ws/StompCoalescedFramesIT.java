package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The server writes the frames already queued for a connection together, several STOMP frames in one WebSocket
 * message (each ends with its NUL, as STOMP frames always do). Spring's {@code WebSocketStompClient} reads each of
 * them, in order: the acks, receipts and room events of a burst of sends arrive complete, each once.
 */
class StompCoalescedFramesIT extends StompIntegrationTest {

    private static final int SENDS = 25;

    @Test
    void framesQueuedTogetherArriveInOneWebSocketMessageAndTheClientReadsEveryOne() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        alices.subscribe(Destinations.room(roomId));
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));
        long seqBefore = alice.lastSeq(roomId);

        // Each send is answered with an ack and a RECEIPT queued back to back, and followed by its room event:
        // alice's writer finds more than one frame queued.
        List<StompConnection.Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            receipts.add(alices.sendMessage(roomId, "c-" + i, "burst " + i));
        }
        receipts.forEach(StompConnection.Receipt::await);

        List<Long> ackedSeqs = IntStream.range(0, SENDS).mapToObj(i -> alices.ack("c-" + i).seq()).toList();
        assertThat(ackedSeqs).containsExactlyElementsOf(
                IntStream.rangeClosed(1, SENDS).mapToObj(i -> seqBefore + i).toList());
        for (StompConnection subscriber : List.of(alices, bobs)) {
            List<ReceivedFrame> events = subscriber.next(Destinations.room(roomId), SENDS, StompConnection.TIMEOUT);
            assertThat(events).extracting(ReceivedFrame::seq).containsExactlyElementsOf(ackedSeqs);
            assertThat(events).extracting(event -> event.json().path("message").path("content").stringValue())
                    .containsExactlyElementsOf(IntStream.range(0, SENDS).mapToObj(i -> "burst " + i).toList());
            assertThat(subscriber.pending(Destinations.room(roomId))).isEmpty();
        }
        assertThat(alices.mostFramesInOneWebSocketMessage())
                .as("frames queued together left in one WebSocket message").isGreaterThan(1);
    }
}
