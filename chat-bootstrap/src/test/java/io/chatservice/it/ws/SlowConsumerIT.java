package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must not hold up anyone else: the others keep getting every event at once, and the
 * server gives up on the stalled one (it closes the connection) instead of buffering for it without bound. The
 * stalled client reconnects and syncs.
 */
class SlowConsumerIT extends StompIntegrationTest {

    /**
     * About 6 MB of events for a client that reads none: more than the kernel buffers on the server's side of
     * the socket (up to 4 MB here) plus the server's own 512 KB per-client send buffer.
     */
    private static final int MESSAGES = 720;
    private static final int BATCH = 60;
    /** Well under the server's 10 s send time limit, which is what a reader stuck behind the stalled one would wait. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @Test
    void aClientThatStopsReadingStallsNobodyElseAndIsDisconnected() {
        ApiUser alice = api.newUser("alice");
        ApiUser bob = api.newUser("bob");
        ApiUser sam = api.newUser("sam");
        String roomId = alice.createRoomWith(bob, sam);
        try (StalledStompClient stalled = StalledStompClient.connect(port(), sam.token())) {
            stalled.subscribe(Destinations.room(roomId));
            stalled.subscribe(Destinations.typing(roomId));
            StompConnection bobs = connect(bob);
            bobs.subscribe(Destinations.room(roomId));
            bobs.subscribe(Destinations.typing(roomId));
            StompConnection alices = connect(alice);
            long seqBefore = alice.lastSeq(roomId);
            String longContent = "é".repeat(4000);

            // In batches: the server disconnects a client with more than 256 frames waiting to be processed.
            for (int batch = 0; batch < MESSAGES; batch += BATCH) {
                alices.send(Destinations.sendTyping(roomId), Map.of("typing", true));
                for (int n = batch; n < batch + BATCH; n++) {
                    alices.send(Destinations.messages(roomId), StompConnection.message("c-" + n, longContent));
                }
                for (int n = batch; n < batch + BATCH; n++) {
                    alices.ack("c-" + n);
                }
            }
            long allAcknowledged = System.nanoTime();
            List<ReceivedFrame> received = bobs.next(Destinations.room(roomId), MESSAGES, PROMPT);
            Duration bobsLag = Duration.ofNanos(System.nanoTime() - allAcknowledged);

            assertThat(received).extracting(ReceivedFrame::seq).containsExactlyElementsOf(
                    LongStream.rangeClosed(seqBefore + 1, seqBefore + MESSAGES).boxed().toList());
            assertThat(bobsLag).as("bob's delay behind the last ack").isLessThan(PROMPT);
            assertThat(bobs.pending(Destinations.typing(roomId))).as("typing reached the reading client").isNotEmpty();
            assertThat(stalled.wasDisconnected(Duration.ofSeconds(20)))
                    .as("the server gave up on the client that stopped reading (it still read %d bytes)",
                            stalled.bytesReadAfterStalling())
                    .isTrue();
        }
        // Reconnected, sam catches up by sync, page by page, up to the last message.
        StompConnection sams = connect(sam);
        sams.subscribe(Destinations.room(roomId));
        long lastSeq = alice.lastSeq(roomId);
        JsonNode tail = sam.sync(roomId, "sinceSeq=" + (lastSeq - 1));
        assertThat(tail.path("messages").valueStream().map(message -> message.path("seq").longValue()))
                .containsExactly(lastSeq);
    }
}
