package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final DeliveryLedger ledger = new DeliveryLedger(2);

    @Test
    void latenciesCountFromTheIntendedSendTimeNotFromWhenTheAckArrived() {
        DeliveryLedger.Subscriber subscriber = ledger.addSubscriber(0);
        ledger.sending("c-1", 0, 1_000 * MS, true);

        ledger.acked("c-1", 5, 1_250 * MS);
        ledger.delivered(subscriber, 5, "c-1", 1_400 * MS);

        Histogram ack = ledger.ackLatency().total();
        Histogram delivery = ledger.deliveryLatency().total();
        assertThat(ack.getTotalCount()).isEqualTo(1);
        assertThat(ack.getMaxValue()).isBetween(249_000L, 251_000L);
        assertThat(delivery.getMaxValue()).isBetween(399_000L, 401_000L);
    }

    @Test
    void warmUpSendsAreCheckedButNotTimed() {
        DeliveryLedger.Subscriber subscriber = ledger.addSubscriber(0);
        ledger.sending("c-1", 0, 0, false);

        ledger.acked("c-1", 1, 10 * MS);
        ledger.delivered(subscriber, 1, "c-1", 20 * MS);

        assertThat(ledger.ackLatency().total().getTotalCount()).isZero();
        assertThat(ledger.deliveryLatency().total().getTotalCount()).isZero();
        assertThat(ledger.deliveries()).isEqualTo(1);
    }

    @Test
    void anAckedMessageASubscriberNeverGotIsMissingAtThatSubscriberOnly() {
        DeliveryLedger.Subscriber got = ledger.addSubscriber(0);
        DeliveryLedger.Subscriber missed = ledger.addSubscriber(0);
        DeliveryLedger.Subscriber otherRoom = ledger.addSubscriber(1);
        ledger.sending("c-1", 0, 0, true);
        ledger.acked("c-1", 3, MS);

        ledger.delivered(got, 3, "c-1", 2 * MS);

        assertThat(ledger.missing()).isEqualTo(new DeliveryLedger.Missing(1, 0, 1));
        assertThat(otherRoom.received()).isZero();
        assertThat(ledger.settled()).isFalse();
        ledger.delivered(missed, 3, "c-1", 3 * MS);
        assertThat(ledger.missing()).isEqualTo(new DeliveryLedger.Missing(0, 0, 0));
        assertThat(ledger.settled()).isTrue();
    }

    @Test
    void whatALostSubscriberMissedIsCountedApart() {
        DeliveryLedger.Subscriber lost = ledger.addSubscriber(0);
        ledger.sending("c-1", 0, 0, true);
        ledger.acked("c-1", 1, MS);

        lost.lost();

        assertThat(ledger.missing()).isEqualTo(new DeliveryLedger.Missing(0, 1, 1));
    }

    @Test
    void aMessageNeverAckedIsUnansweredNotMissing() {
        ledger.addSubscriber(0);
        ledger.sending("c-1", 0, 0, true);
        ledger.sending("c-2", 0, 0, true);
        ledger.failed("c-2");

        assertThat(ledger.missing()).isEqualTo(new DeliveryLedger.Missing(0, 0, 0));
        assertThat(ledger.unanswered()).isEqualTo(1);
        assertThat(ledger.failedSends()).isEqualTo(1);
    }

    @Test
    void theSameSeqTwiceIsADuplicateAndALowerSeqAReordering() {
        DeliveryLedger.Subscriber subscriber = ledger.addSubscriber(0);
        ledger.sending("c-1", 0, 0, true);
        ledger.sending("c-2", 0, 0, true);
        ledger.acked("c-1", 1, MS);
        ledger.acked("c-2", 2, MS);

        ledger.delivered(subscriber, 2, "c-2", 2 * MS);
        ledger.delivered(subscriber, 1, "c-1", 3 * MS);
        ledger.delivered(subscriber, 2, "c-2", 4 * MS);

        assertThat(ledger.duplicates()).isEqualTo(1);
        assertThat(ledger.reordered()).isEqualTo(1);
        assertThat(ledger.deliveries()).isEqualTo(3);
        assertThat(ledger.deliveryLatency().total().getTotalCount()).isEqualTo(2);
    }

    @Test
    void aJumpInSeqIsCountedAsAGapAndItsMessageAsMissing() {
        DeliveryLedger.Subscriber subscriber = ledger.addSubscriber(0);
        for (int i = 1; i <= 3; i++) {
            ledger.sending("c-" + i, 0, 0, true);
            ledger.acked("c-" + i, 10 + i, MS);
        }

        ledger.delivered(subscriber, 11, "c-1", 2 * MS);
        ledger.delivered(subscriber, 13, "c-3", 2 * MS);

        assertThat(ledger.gaps()).isEqualTo(1);
        assertThat(ledger.reordered()).isZero();
        assertThat(ledger.missing()).isEqualTo(new DeliveryLedger.Missing(1, 0, 1));
    }

    @Test
    void aSecondAckForOneMessageIsCountedNotTimedAgain() {
        ledger.sending("c-1", 0, 0, true);

        assertThat(ledger.acked("c-1", 1, MS)).isTrue();
        assertThat(ledger.acked("c-1", 1, 2 * MS)).isFalse();

        assertThat(ledger.acks()).isEqualTo(1);
        assertThat(ledger.duplicateAcks()).isEqualTo(1);
        assertThat(ledger.ackLatency().total().getTotalCount()).isEqualTo(1);
    }

    @Test
    void eventsOfOtherSendersAreIgnored() {
        DeliveryLedger.Subscriber subscriber = ledger.addSubscriber(0);

        ledger.delivered(subscriber, 7, "someone-else", MS);

        assertThat(ledger.acked("someone-else", 7, MS)).isFalse();
        assertThat(ledger.deliveries()).isZero();
        assertThat(subscriber.has(7)).isFalse();
    }
}
