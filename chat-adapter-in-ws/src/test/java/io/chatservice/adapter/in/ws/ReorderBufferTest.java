package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    private static final Duration WAIT = Duration.ofMillis(200);

    private final ManualTimer timer = new ManualTimer();
    private final List<Long> delivered = new ArrayList<>();
    /** Deliveries and skip notices together, in the order the buffer made them. */
    private final List<String> stream = new ArrayList<>();

    private ReorderBuffer<Long> buffer(int maxPending) {
        return new ReorderBuffer<>(WAIT, maxPending, timer, this::deliver, this::skipped);
    }

    private void deliver(Long seq) {
        delivered.add(seq);
        stream.add("event " + seq);
    }

    private void skipped(long lastSkipped) {
        stream.add("skipped through " + lastSkipped);
    }

    private ReorderBuffer<Long> startedAfter(long lastSeq) {
        ReorderBuffer<Long> buffer = buffer(256);
        buffer.start(lastSeq);
        return buffer;
    }

    private static void offer(ReorderBuffer<Long> buffer, long... seqs) {
        for (long seq : seqs) {
            buffer.offer(seq, seq);
        }
    }

    @Test
    void eventsInOrderAreDeliveredAtOnceWithoutATimer() {
        ReorderBuffer<Long> buffer = startedAfter(4);

        offer(buffer, 5, 6, 7);

        assertThat(delivered).containsExactly(5L, 6L, 7L);
        assertThat(buffer.nextSeq()).isEqualTo(8);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void eventsInReverseOrderAreHeldUntilTheFirstArrivesThenDeliveredInOrder() {
        ReorderBuffer<Long> buffer = startedAfter(0);

        offer(buffer, 5, 4, 3, 2);
        assertThat(delivered).isEmpty();
        assertThat(buffer.heldCount()).isEqualTo(4);

        offer(buffer, 1);

        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(buffer.heldCount()).isZero();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void duplicatesOfDeliveredOrHeldEventsAreDropped() {
        ReorderBuffer<Long> buffer = startedAfter(10);

        offer(buffer, 11, 11, 13, 13);
        boolean lateDuplicate = buffer.offer(11, 11L);
        boolean heldDuplicate = buffer.offer(13, 13L);
        offer(buffer, 12, 12, 13);

        assertThat(lateDuplicate).isFalse();
        assertThat(heldDuplicate).isFalse();
        assertThat(delivered).containsExactly(11L, 12L, 13L);
    }

    @Test
    void eventsTheStartingSeqAlreadyCoversAreDuplicates() {
        ReorderBuffer<Long> buffer = startedAfter(7);

        offer(buffer, 3, 7, 8);

        assertThat(delivered).containsExactly(8L);
    }

    @Test
    void aGapThatStaysOpenForTheWaitIsSkippedAndTheHeldEventsDeliveredInOrder() {
        ReorderBuffer<Long> buffer = startedAfter(0);
        offer(buffer, 1, 4, 3);

        timer.advance(WAIT.minusMillis(1));
        assertThat(delivered).containsExactly(1L);

        timer.advance(Duration.ofMillis(1));
        assertThat(delivered).containsExactly(1L, 3L, 4L);
        assertThat(buffer.nextSeq()).isEqualTo(5);

        offer(buffer, 2, 5);
        assertThat(delivered).as("the late event is a duplicate now; the client syncs on the gap")
                .containsExactly(1L, 3L, 4L, 5L);
    }

    @Test
    void aGapThatFillsInTimeCancelsTheTimeout() {
        ReorderBuffer<Long> buffer = startedAfter(0);
        offer(buffer, 2);
        assertThat(timer.pending()).isOne();

        offer(buffer, 1);
        timer.advance(WAIT.multipliedBy(2));

        assertThat(delivered).containsExactly(1L, 2L);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void eachGapGetsTheFullWaitFromWhenItBecomesTheOldest() {
        ReorderBuffer<Long> buffer = startedAfter(0);
        offer(buffer, 2, 4);
        timer.advance(Duration.ofMillis(150));

        offer(buffer, 1);
        assertThat(delivered).containsExactly(1L, 2L);

        timer.advance(Duration.ofMillis(150));
        assertThat(delivered).as("seq 3 has waited 150 ms of its own 200").containsExactly(1L, 2L);

        timer.advance(Duration.ofMillis(50));
        assertThat(delivered).containsExactly(1L, 2L, 4L);
    }

    @Test
    void holdingMoreThanTheMaximumDeliversEverythingHeldAtOnce() {
        ReorderBuffer<Long> buffer = buffer(3);
        buffer.start(0);

        offer(buffer, 2, 3, 4);
        assertThat(delivered).isEmpty();

        offer(buffer, 6);

        assertThat(delivered).containsExactly(2L, 3L, 4L, 6L);
        assertThat(buffer.nextSeq()).isEqualTo(7);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void beforeStartEventsAreHeldAndTheStartDropsWhatItCovers() {
        ReorderBuffer<Long> buffer = buffer(256);

        offer(buffer, 4, 6, 5);
        assertThat(delivered).isEmpty();
        assertThat(timer.pending()).as("no timeout before the stream has a position").isZero();

        buffer.start(4);

        assertThat(delivered).containsExactly(5L, 6L);
    }

    @Test
    void beforeStartTheHeldCountIsBoundedByDroppingTheLowest() {
        ReorderBuffer<Long> buffer = buffer(2);

        offer(buffer, 1, 2, 3);
        buffer.start(0);

        assertThat(delivered).as("seq 1 was dropped to keep the bound; the timeout then skips the gap").isEmpty();
        timer.advance(WAIT);
        assertThat(delivered).containsExactly(2L, 3L);
    }

    @Test
    void aSecondStartChangesNothing() {
        ReorderBuffer<Long> buffer = startedAfter(3);

        buffer.start(10);
        offer(buffer, 4);

        assertThat(delivered).containsExactly(4L);
    }

    @Test
    void closingForgetsHeldEventsAndCancelsTheTimeout() {
        ReorderBuffer<Long> buffer = startedAfter(0);
        offer(buffer, 3);

        buffer.close();
        timer.advance(WAIT.multipliedBy(2));

        assertThat(delivered).isEmpty();
        assertThat(buffer.heldCount()).isZero();
    }

    @Test
    void aTimeoutThatFiresAfterItWasReplacedDoesNothing() {
        List<Runnable> captured = new ArrayList<>();
        ReorderBuffer<Long> buffer = new ReorderBuffer<>(WAIT, 256, (delay, task) -> {
            captured.add(task);
            return () -> { };
        }, this::deliver, this::skipped);
        buffer.start(0);
        offer(buffer, 2);
        offer(buffer, 1);
        offer(buffer, 4);

        captured.getFirst().run();

        assertThat(delivered).as("the first timeout belonged to the gap at seq 1, which closed")
                .containsExactly(1L, 2L);
        captured.getLast().run();
        assertThat(delivered).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aLongShuffledStreamComesOutInOrderEachOnce() {
        ReorderBuffer<Long> buffer = startedAfter(0);
        List<Long> seqs = new ArrayList<>(LongStream.rangeClosed(1, 200).boxed().toList());
        java.util.Collections.shuffle(seqs, new java.util.Random(42));
        seqs.addAll(seqs.subList(0, 50));

        seqs.forEach(seq -> buffer.offer(seq, seq));

        assertThat(delivered).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new ReorderBuffer<Long>(Duration.ZERO, 1, timer, this::deliver, this::skipped))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReorderBuffer<Long>(WAIT, 0, timer, this::deliver, this::skipped))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimeoutSkipsOnlyTheOldestGapAndTheNextGapGetsAWaitOfItsOwn() {
        ReorderBuffer<Long> buffer = startedAfter(4);
        offer(buffer, 6, 8);

        timer.advance(WAIT);
        assertThat(delivered).as("seq 7 has not waited yet: 8 stays held").containsExactly(6L);
        assertThat(buffer.nextSeq()).isEqualTo(7);
        assertThat(timer.pending()).isOne();

        offer(buffer, 7);
        assertThat(delivered).containsExactly(6L, 7L, 8L);
        assertThat(stream).containsExactly("skipped through 5", "event 6", "event 7", "event 8");
        assertThat(timer.pending()).isZero();
    }

    @Test
    void eachGapThatTimesOutIsSkippedOnItsOwnAndTold() {
        ReorderBuffer<Long> buffer = startedAfter(0);
        offer(buffer, 3, 6);

        timer.advance(WAIT);
        timer.advance(WAIT);

        assertThat(stream).containsExactly("skipped through 2", "event 3", "skipped through 5", "event 6");
        assertThat(buffer.nextSeq()).isEqualTo(7);
    }

    @Test
    void anOverflowIsToldOnceWithTheLastMissingSeqBeforeAnythingIsHandedOn() {
        ReorderBuffer<Long> buffer = buffer(3);
        buffer.start(0);

        offer(buffer, 2, 4, 5, 7);

        assertThat(stream).containsExactly("skipped through 6", "event 2", "event 4", "event 5", "event 7");
    }

    @Test
    void eventsInOrderAndTheStartAreNoSkip() {
        ReorderBuffer<Long> buffer = buffer(256);
        offer(buffer, 3, 4);

        buffer.start(2);
        offer(buffer, 5);

        assertThat(stream).containsExactly("event 3", "event 4", "event 5");
    }
}
