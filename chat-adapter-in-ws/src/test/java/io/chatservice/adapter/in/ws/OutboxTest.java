package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;

class OutboxTest {

    /** Room for two waiting MESSAGEs with one-character bodies, not for two with 60-character bodies. */
    private static final long LIMIT = 2 * Outbox.FRAME_OVERHEAD_BYTES + 160;

    private final RecordingChannel channel = new RecordingChannel(false);
    private final AtomicLong nanos = new AtomicLong(1);
    private final AtomicInteger limitExceeded = new AtomicInteger();
    private final Outbox outbox = new Outbox("s1", channel, LIMIT, Duration.ofSeconds(10), nanos::get,
            limitExceeded::incrementAndGet);

    private void send(String body) {
        StompHeaderAccessor frame = StompHeaderAccessor.create(StompCommand.MESSAGE);
        frame.setSubscriptionId("sub");
        frame.setDestination("/topic/rooms/r");
        outbox.send(frame, body.getBytes(StandardCharsets.UTF_8));
    }

    private void releaseLast() {
        channel.release(channel.messages().getLast());
    }

    @Test
    void nothingLeavesBeforeTheSessionIsConnected() {
        send("a");
        send("b");
        assertThat(channel.messages()).isEmpty();

        outbox.open();

        assertThat(channel.frames()).extracting(RecordingChannel.Frame::body).containsExactly("a");
    }

    @Test
    void oneFrameAtATimeInTheOrderQueued() {
        outbox.open();
        send("a");
        send("b");
        send("c");
        assertThat(channel.frames()).extracting(RecordingChannel.Frame::body).containsExactly("a");

        releaseLast();
        releaseLast();
        releaseLast();
        releaseLast();

        assertThat(channel.frames()).extracting(RecordingChannel.Frame::body).containsExactly("a", "b", "c");
    }

    @Test
    void eachMessageGetsTheSessionAndItsOwnMessageId() {
        outbox.open();
        send("a");
        releaseLast();
        send("b");

        assertThat(channel.frames()).extracting(frame -> frame.headers().getSessionId()).containsOnly("s1");
        assertThat(channel.frames()).extracting(frame -> frame.headers().getMessageId()).containsExactly("s1-0", "s1-1");
    }

    @Test
    void moreBytesWaitingThanTheLimitGivesTheSessionUp() {
        outbox.open();
        send("in flight");
        send("x".repeat(60));
        send("y".repeat(60));

        assertThat(limitExceeded).hasValue(1);
        releaseLast();
        send("z");
        assertThat(channel.frames()).extracting(RecordingChannel.Frame::body).containsExactly("in flight");
        assertThat(limitExceeded).hasValue(1);
    }

    @Test
    void aFrameInFlightLongerThanTheSendTimeLimitGivesTheSessionUp() {
        outbox.open();
        send("stuck");
        assertThat(outbox.stalledLongerThan(Duration.ofSeconds(1))).isFalse();

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(outbox.stalledLongerThan(Duration.ofSeconds(1))).isTrue();
        send("next");
        assertThat(limitExceeded).hasValue(0);

        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        send("one more");
        assertThat(limitExceeded).hasValue(1);
    }

    @Test
    void aClosedOutboxDropsWhatItHeldAndWhatComes() {
        send("queued");
        outbox.close();
        outbox.open();
        send("later");

        assertThat(channel.messages()).isEmpty();
    }

    @Test
    void aFrameTheChannelRefusesIsSkippedWithoutWaitingForARelease() {
        var refusing = new RecordingChannel(false) {
            private int calls;

            @Override
            public boolean send(org.springframework.messaging.Message<?> message, long timeout) {
                super.send(message, timeout);
                return ++calls > 1;
            }
        };
        var skipping = new Outbox("s1", refusing, LIMIT, Duration.ofSeconds(10), nanos::get, () -> { });
        skipping.open();
        StompHeaderAccessor first = StompHeaderAccessor.create(StompCommand.RECEIPT);
        first.setReceiptId("1");
        StompHeaderAccessor second = StompHeaderAccessor.create(StompCommand.RECEIPT);
        second.setReceiptId("2");

        skipping.send(first, new byte[0]);
        skipping.send(second, new byte[0]);

        assertThat(refusing.frames()).extracting(frame -> frame.headers().getReceiptId()).containsExactly("1", "2");
    }

    private static StompHeaderAccessor receipt(String receiptId) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(receiptId);
        return receipt;
    }

    @Test
    void receiptsWithoutBodiesCountTheirHeadersAndTheirOverheadAgainstTheLimit() {
        var receipts = new Outbox("s1", channel, 64 * 1024, Duration.ofSeconds(10), nanos::get,
                limitExceeded::incrementAndGet);
        receipts.open();
        receipts.send(receipt("in flight"), new byte[0]);

        String bigId = "r".repeat(10_000);
        for (int i = 0; i < 6; i++) {
            receipts.send(receipt(bigId), new byte[0]);
        }
        assertThat(limitExceeded).hasValue(0);
        receipts.send(receipt(bigId), new byte[0]);

        assertThat(limitExceeded).hasValue(1);
        assertThat(channel.messages()).hasSize(1);
    }

    @Test
    void moreFramesWaitingThanTheFrameLimitGivesTheSessionUpHoweverSmallTheyAre() {
        var counted = new Outbox("s1", channel, Long.MAX_VALUE, Duration.ofSeconds(10), nanos::get,
                limitExceeded::incrementAndGet);
        counted.open();
        counted.send(receipt("in flight"), new byte[0]);
        for (int i = 0; i < Outbox.FRAME_LIMIT; i++) {
            counted.send(receipt("r"), new byte[0]);
        }
        for (int i = 0; i <= Outbox.FRAME_LIMIT; i++) {
            releaseLast();
        }
        assertThat(channel.messages()).as("all sent: the count went down with them")
                .hasSize(Outbox.FRAME_LIMIT + 1);
        counted.send(receipt("in flight again"), new byte[0]);
        for (int i = 0; i < Outbox.FRAME_LIMIT; i++) {
            counted.send(receipt("r"), new byte[0]);
        }
        assertThat(limitExceeded).hasValue(0);

        counted.send(receipt("one too many"), new byte[0]);

        assertThat(limitExceeded).hasValue(1);
    }

    @Test
    void aFramesCostIsItsBodyItsNativeHeadersAndTheOverhead() {
        StompHeaderAccessor frame = receipt("12345");
        var message = org.springframework.messaging.support.MessageBuilder.createMessage(
                "abc".getBytes(StandardCharsets.UTF_8), frame.getMessageHeaders());

        assertThat(Outbox.cost(message)).isEqualTo(Outbox.FRAME_OVERHEAD_BYTES + 3 + "receipt-id".length() + 5);
    }
}
