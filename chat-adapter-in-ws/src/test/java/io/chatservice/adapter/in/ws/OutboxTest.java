package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.socket.WebSocketSession;

class OutboxTest {

    /** Room for two waiting MESSAGEs with bodies of one and 60 characters, not for a third one. */
    private static final long LIMIT = 2 * Outbox.FRAME_OVERHEAD_BYTES + 2 * message("x").deliveryBytes("sub", "s1") + 100;

    private final RecordingChannel channel = new RecordingChannel(false);
    private final WebSocketSession socket = channel.socket("s1");
    /** The writer's tasks, run when a test says so: what is queued meanwhile is what a busy writer finds. */
    private final List<Runnable> writes = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1);
    private final AtomicInteger limitExceeded = new AtomicInteger();
    private final AtomicInteger writeFailed = new AtomicInteger();
    private final Outbox outbox = outbox(LIMIT);
    private final Outbox roomy = outbox(Long.MAX_VALUE);

    private Outbox outbox(long bufferSizeLimit) {
        return new Outbox("s1", new WriteTrackingSession(socket), channel, writes::add, bufferSizeLimit,
                Duration.ofSeconds(10), nanos::get, limitExceeded::incrementAndGet, writeFailed::incrementAndGet);
    }

    private static OutboundFrame message(String body) {
        return OutboundFrame.message("/topic/rooms/r", body);
    }

    private void send(String body) {
        outbox.send(message(body), "sub");
    }

    private void runWrites() {
        while (!writes.isEmpty()) {
            List<Runnable> due = List.copyOf(writes);
            writes.clear();
            due.forEach(Runnable::run);
        }
    }

    private List<String> bodies() {
        return channel.frames().stream().map(RecordingChannel.Frame::body).toList();
    }

    private static StompHeaderAccessor error() {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage("UNAUTHORIZED");
        return error;
    }

    @Test
    void nothingLeavesBeforeTheSessionIsConnected() {
        send("a");
        send("b");
        runWrites();
        assertThat(channel.messages()).isEmpty();

        outbox.open();
        runWrites();

        assertThat(bodies()).containsExactly("a", "b");
    }

    @Test
    void framesQueuedBeforeTheWriterRunsLeaveTogetherInOneWebSocketMessageInOrder() {
        roomy.open();
        for (String body : List.of("a", "b", "c")) {
            roomy.send(message(body), "sub");
        }
        assertThat(channel.written()).as("never written on the thread that queued").isEmpty();

        runWrites();

        assertThat(channel.written()).hasSize(1);
        assertThat(bodies()).containsExactly("a", "b", "c");
        assertThat(channel.frames()).extracting(frame -> frame.headers().getMessageId())
                .containsExactly("s1-0", "s1-1", "s1-2");
        assertThat(channel.frames()).extracting(RecordingChannel.Frame::subscription).containsOnly("sub");
        assertThat(roomy.isIdle()).isTrue();
    }

    @Test
    void framesQueuedFromManyThreadsAreEachWrittenOnceInTheOrderEachThreadQueuedThem() throws Exception {
        int producers = 4;
        int perProducer = Outbox.FRAME_LIMIT / producers - 1;
        Outbox concurrent = new Outbox("s1", new WriteTrackingSession(socket), channel,
                task -> Thread.ofVirtual().start(task), Long.MAX_VALUE, Duration.ofSeconds(10), System::nanoTime, limitExceeded::incrementAndGet, writeFailed::incrementAndGet);
        concurrent.open();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            String producer = "p" + p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int n = 0; n < perProducer; n++) {
                    concurrent.send(message(producer + "-" + n), producer);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!concurrent.isIdle() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(concurrent.isIdle()).isTrue();
        assertThat(limitExceeded).hasValue(0);
        assertThat(writeFailed).hasValue(0);
        List<RecordingChannel.Frame> frames = channel.frames();
        assertThat(frames).hasSize(producers * perProducer);
        assertThat(frames).extracting(frame -> frame.headers().getMessageId()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, producers * perProducer).mapToObj(n -> "s1-" + n).toList());
        for (int p = 0; p < producers; p++) {
            String producer = "p" + p;
            assertThat(frames).filteredOn(frame -> frame.subscription().equals(producer))
                    .extracting(RecordingChannel.Frame::body).containsExactlyElementsOf(java.util.stream.IntStream
                            .range(0, perProducer).mapToObj(n -> producer + "-" + n).toList());
        }
    }

    @Test
    void aFrameQueuedToAnIdleSessionIsWrittenAloneAtOnce() {
        outbox.open();
        send("a");
        runWrites();
        send("b");
        runWrites();

        assertThat(channel.written()).hasSize(2);
        assertThat(channel.frames()).extracting(frame -> frame.headers().getMessageId()).containsExactly("s1-0", "s1-1");
    }

    @Test
    void aCoalescedMessageStaysWithinTheLimitAndALargerFrameGoesAlone() {
        roomy.open();
        String kilobyte = "k".repeat(1000);
        for (int i = 0; i < 20; i++) {
            roomy.send(message(kilobyte), "sub");
        }
        String large = "L".repeat(Outbox.COALESCE_LIMIT_BYTES + 1);
        roomy.send(message(large), "sub");
        roomy.send(message("after"), "sub");

        runWrites();

        assertThat(channel.written()).hasSizeGreaterThan(3).allSatisfy(text -> assertThat(
                text.getBytes(StandardCharsets.UTF_8).length <= Outbox.COALESCE_LIMIT_BYTES || text.contains(large))
                .isTrue());
        assertThat(channel.written()).filteredOn(text -> text.contains(large)).singleElement()
                .satisfies(text -> assertThat(text).doesNotContain(kilobyte).doesNotContain("after"));
        assertThat(bodies()).hasSize(22).endsWith(large, "after");
    }

    @Test
    void aFrameForTheChannelLeavesInItsTurnAndTheRestWaitsForItsRelease() {
        roomy.open();
        roomy.send(message("before"), "sub");
        roomy.send(error(), "{}".getBytes(StandardCharsets.UTF_8));
        roomy.send(message("after"), "sub");
        runWrites();

        assertThat(channel.frames()).extracting(frame -> frame.headers().getCommand())
                .containsExactly(StompCommand.MESSAGE, StompCommand.ERROR);
        assertThat(channel.messages().getLast().getHeaders().get("simpSessionId")).isEqualTo("s1");
        assertThat(roomy.isIdle()).isFalse();

        channel.release(channel.messages().getLast());
        runWrites();

        assertThat(bodies()).containsExactly("before", "{}", "after");
        assertThat(roomy.isIdle()).isTrue();
    }

    @Test
    void aBurstOverTheByteLimitIsWrittenWhileTheClientReads() {
        outbox.open();
        send("a");
        send("x".repeat(60));
        send("y".repeat(60));

        assertThat(limitExceeded).as("nothing written is stuck yet: a burst, not a stall").hasValue(0);
        runWrites();
        assertThat(bodies()).containsExactly("a", "x".repeat(60), "y".repeat(60));
    }

    @Test
    void moreBytesWaitingThanTheLimitWhileAWriteLastsTheBurstGraceGivesTheSessionUp() throws IOException {
        WebSocketSession slow = org.mockito.Mockito.mock(WebSocketSession.class);
        Outbox[] self = new Outbox[1];
        org.mockito.Mockito.doAnswer(invocation -> {
            self[0].send(message("x".repeat(60)), "sub");
            self[0].send(message("y".repeat(60)), "sub");
            assertThat(limitExceeded).as("over the limit, but the write has just begun").hasValue(0);
            nanos.addAndGet(Outbox.BURST_GRACE.plusMillis(1).toNanos());
            self[0].send(message("z"), "sub");
            return null;
        }).when(slow).sendMessage(any());
        self[0] = new Outbox("s1", new WriteTrackingSession(slow), channel, writes::add, LIMIT,
                Duration.ofSeconds(10), nanos::get, limitExceeded::incrementAndGet, writeFailed::incrementAndGet);
        self[0].open();
        self[0].send(message("slow"), "sub");

        runWrites();

        assertThat(limitExceeded).hasValue(1);
        self[0].send(message("after"), "sub");
        runWrites();
        assertThat(limitExceeded).hasValue(1);
    }

    @Test
    void fourTimesTheByteLimitWaitingGivesTheSessionUpAtOnce() {
        outbox.open();
        int sent = 0;
        while (limitExceeded.get() == 0 && sent < 1000) {
            send("x".repeat(60));
            sent++;
        }

        assertThat(limitExceeded).hasValue(1);
        long perFrame = Outbox.FRAME_OVERHEAD_BYTES + message("x".repeat(60)).deliveryBytes("sub", "s1");
        assertThat((long) sent * perFrame).isGreaterThan(Outbox.HARD_LIMIT_FACTOR * LIMIT)
                .isLessThanOrEqualTo(Outbox.HARD_LIMIT_FACTOR * LIMIT + 2 * perFrame);
        runWrites();
        assertThat(channel.messages()).isEmpty();
    }

    @Test
    void aWriteInFlightLongerThanTheSendTimeLimitGivesTheSessionUp() throws IOException {
        AtomicInteger writesSeen = new AtomicInteger();
        WebSocketSession stuck = org.mockito.Mockito.mock(WebSocketSession.class);
        Outbox[] self = new Outbox[1];
        org.mockito.Mockito.doAnswer(invocation -> {
            // While this write hangs, time passes and frames keep coming.
            writesSeen.incrementAndGet();
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(self[0].stalledLongerThan(Duration.ofSeconds(1))).isTrue();
            self[0].send(message("next"), "sub");
            assertThat(limitExceeded).hasValue(0);
            nanos.addAndGet(Duration.ofSeconds(9).toNanos());
            self[0].send(message("one more"), "sub");
            return null;
        }).when(stuck).sendMessage(any());
        self[0] = new Outbox("s1", new WriteTrackingSession(stuck), channel, writes::add, LIMIT,
                Duration.ofSeconds(10), nanos::get, limitExceeded::incrementAndGet, writeFailed::incrementAndGet);
        self[0].open();
        self[0].send(message("stuck"), "sub");
        assertThat(self[0].stalledLongerThan(Duration.ofSeconds(1))).as("queued, not in flight").isFalse();

        runWrites();

        assertThat(limitExceeded).hasValue(1);
        assertThat(writesSeen).hasValue(1);
        assertThat(self[0].stalledLongerThan(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void aFailedWriteDropsTheQueueAndHasTheSocketClosed() throws IOException {
        outbox.open();
        send("a");
        doThrow(new IOException("broken pipe")).when(socket).sendMessage(any());

        runWrites();
        send("b");
        runWrites();

        assertThat(writeFailed).hasValue(1);
        assertThat(outbox.isIdle()).isTrue();
        assertThat(limitExceeded).hasValue(0);
    }

    @Test
    void aClosedOutboxDropsWhatItHeldAndWhatComes() {
        send("queued");
        outbox.close();
        outbox.open();
        send("later");
        runWrites();

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
        var skipping = new Outbox("s1", new WriteTrackingSession(socket), refusing, Runnable::run, LIMIT,
                Duration.ofSeconds(10), nanos::get, () -> { }, () -> { });
        skipping.open();

        skipping.send(error(), new byte[0]);
        skipping.send(error(), new byte[0]);

        assertThat(refusing.messages()).hasSize(2);
    }

    @Test
    void receiptsWithoutBodiesCountTheirHeadersAndTheirOverheadAgainstTheLimit() {
        Outbox receipts = outbox(16 * 1024);
        receipts.open();
        String bigId = "r".repeat(10_000);
        // The hard limit, four times 16 KiB, is what a stalled client that nobody writes to runs into.
        for (int i = 0; i < 6; i++) {
            receipts.send(OutboundFrame.receipt(bigId), null);
        }
        assertThat(limitExceeded).hasValue(0);
        receipts.send(OutboundFrame.receipt(bigId), null);

        assertThat(limitExceeded).hasValue(1);
        runWrites();
        assertThat(channel.messages()).isEmpty();
    }

    @Test
    void moreFramesWaitingThanTheFrameLimitGivesTheSessionUpHoweverSmallTheyAre() {
        Outbox counted = outbox(Long.MAX_VALUE);
        counted.open();
        for (int i = 0; i < Outbox.FRAME_LIMIT; i++) {
            counted.send(OutboundFrame.receipt("r"), null);
        }
        runWrites();
        assertThat(channel.messages()).as("all sent: the count went down with them").hasSize(Outbox.FRAME_LIMIT);
        for (int i = 0; i < Outbox.FRAME_LIMIT; i++) {
            counted.send(OutboundFrame.receipt("r"), null);
        }
        assertThat(limitExceeded).hasValue(0);

        counted.send(OutboundFrame.receipt("one too many"), null);

        assertThat(limitExceeded).hasValue(1);
    }

    @Test
    void aChannelFramesCostIsItsBodyItsNativeHeadersAndTheOverhead() {
        StompHeaderAccessor frame = StompHeaderAccessor.create(StompCommand.RECEIPT);
        frame.setReceiptId("12345");
        var message = org.springframework.messaging.support.MessageBuilder.createMessage(
                "abc".getBytes(StandardCharsets.UTF_8), frame.getMessageHeaders());

        assertThat(Outbox.cost(message)).isEqualTo(Outbox.FRAME_OVERHEAD_BYTES + 3 + "receipt-id".length() + 5);
    }
}
