package io.chatservice.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The books of a load run: every message the tool meant to send, its ack, and what each subscriber of its room
 * received. From them come the two latencies (from the intended send time, see {@link OpenLoopSchedule}) and the
 * delivery checks: a duplicate is a seq a subscriber received twice, a reordering a seq below one it already had,
 * and a missing delivery an acked message a subscriber never received.
 */
final class DeliveryLedger {

    /** One message the tool sends; {@code measured} is false during warm-up, whose latencies are not recorded. */
    static final class Sent {
        final String clientMsgId;
        final int room;
        final long intendedNanos;
        final boolean measured;
        volatile long seq = -1;
        volatile long ackNanos;

        Sent(String clientMsgId, int room, long intendedNanos, boolean measured) {
            this.clientMsgId = clientMsgId;
            this.room = room;
            this.intendedNanos = intendedNanos;
            this.measured = measured;
        }

        boolean acked() {
            return seq >= 0;
        }
    }

    /** What one subscriber received from one room. Written by its connection's reader only. */
    static final class Subscriber {
        final int room;
        private final BitSet seen = new BitSet();
        private long highestSeq;
        private long received;
        private long duplicates;
        private long reordered;
        private long gaps;
        private long lastDeliveryNanos;
        private volatile boolean lost;

        Subscriber(int room) {
            this.room = room;
        }

        synchronized boolean has(long seq) {
            return seen.get(Math.toIntExact(seq));
        }

        synchronized long received() {
            return received;
        }

        /** Its connection was closed: what it misses from now on a real client would recover by sync. */
        void lost() {
            lost = true;
        }
    }

    /**
     * Missing deliveries at subscribers still connected at the end (must be 0) and at those that lost theirs, and
     * how many distinct acked messages they are.
     */
    record Missing(long connected, long lost, long messages) {}

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final int[] subscribersPerRoom;
    private final LatencyStats ackLatency = new LatencyStats();
    private final LatencyStats deliveryLatency = new LatencyStats();
    private final LongAdder sends = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder duplicateAcks = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder reordered = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder expectedDeliveries = new LongAdder();
    private final LongAdder uniqueDeliveries = new LongAdder();
    private final LongAdder failedSends = new LongAdder();
    private final AtomicLong lastAckNanos = new AtomicLong();

    DeliveryLedger(int rooms) {
        this.subscribersPerRoom = new int[rooms];
    }

    /** Registers a subscriber before any message is sent; returns its handle for {@link #delivered}. */
    synchronized Subscriber addSubscriber(int room) {
        Subscriber subscriber = new Subscriber(room);
        subscribers.add(subscriber);
        subscribersPerRoom[room]++;
        return subscriber;
    }

    Sent sending(String clientMsgId, int room, long intendedNanos, boolean measured) {
        Sent message = new Sent(clientMsgId, room, intendedNanos, measured);
        if (sent.putIfAbsent(clientMsgId, message) != null) {
            throw new IllegalStateException("clientMsgId " + clientMsgId + " used twice by the tool");
        }
        sends.increment();
        return message;
    }

    /** An ack from the server. Returns false if it is not for a message of this run or was already counted. */
    boolean acked(String clientMsgId, long seq, long receivedNanos) {
        Sent message = sent.get(clientMsgId);
        if (message == null) {
            return false;
        }
        synchronized (message) {
            if (message.acked()) {
                duplicateAcks.increment();
                return false;
            }
            message.ackNanos = receivedNanos;
            message.seq = seq;
        }
        acks.increment();
        expectedDeliveries.add(subscribersPerRoom[message.room]);
        lastAckNanos.accumulateAndGet(receivedNanos, Math::max);
        if (message.measured) {
            ackLatency.recordNanos(receivedNanos - message.intendedNanos);
        }
        return true;
    }

    /** The server refused the send (an error on /user/queue/errors) or its connection was lost before the ack. */
    void failed(String clientMsgId) {
        if (sent.containsKey(clientMsgId)) {
            failedSends.increment();
        }
    }

    /** A MESSAGE_SENT event with this seq reached the subscriber. Events of other senders are ignored. */
    void delivered(Subscriber subscriber, long seq, String clientMsgId, long receivedNanos) {
        Sent message = sent.get(clientMsgId);
        if (message == null || message.room != subscriber.room) {
            return;
        }
        deliveries.increment();
        boolean first;
        synchronized (subscriber) {
            subscriber.received++;
            // Kept per subscriber, not in one shared atomic: every delivery would contend on it across readers.
            subscriber.lastDeliveryNanos = Math.max(subscriber.lastDeliveryNanos, receivedNanos);
            int index = Math.toIntExact(seq);
            first = !subscriber.seen.get(index);
            if (!first) {
                subscriber.duplicates++;
                duplicates.increment();
            } else {
                subscriber.seen.set(index);
                if (seq < subscriber.highestSeq) {
                    subscriber.reordered++;
                    reordered.increment();
                } else if (subscriber.highestSeq > 0 && seq > subscriber.highestSeq + 1) {
                    // A jump in seq: what a client sees when it must sync (docs/realtime.md, "Gaps mean sync").
                    subscriber.gaps++;
                    gaps.increment();
                }
                subscriber.highestSeq = Math.max(subscriber.highestSeq, seq);
            }
        }
        if (first) {
            uniqueDeliveries.increment();
            if (message.measured) {
                deliveryLatency.recordNanos(receivedNanos - message.intendedNanos);
            }
        }
    }

    /**
     * Every send answered (acked or failed) and as many first deliveries as acked messages times their rooms'
     * subscribers: the cheap test that ends the drain early. {@link #missing()} is the exact count.
     */
    boolean settled() {
        return acks.sum() + failedSends.sum() >= sends.sum() && uniqueDeliveries.sum() >= expectedDeliveries.sum();
    }

    /** Acked messages that a subscriber of their room never received, counted once per subscriber. */
    Missing missing() {
        List<List<Subscriber>> byRoom = new ArrayList<>();
        synchronized (this) {
            for (int room = 0; room < subscribersPerRoom.length; room++) {
                byRoom.add(new ArrayList<>());
            }
            subscribers.forEach(subscriber -> byRoom.get(subscriber.room).add(subscriber));
        }
        long connected = 0;
        long lost = 0;
        long messages = 0;
        for (Sent message : sent.values()) {
            if (!message.acked()) {
                continue;
            }
            boolean anywhere = false;
            for (Subscriber subscriber : byRoom.get(message.room)) {
                if (!subscriber.has(message.seq)) {
                    anywhere = true;
                    if (subscriber.lost) {
                        lost++;
                    } else {
                        connected++;
                    }
                }
            }
            if (anywhere) {
                messages++;
            }
        }
        return new Missing(connected, lost, messages);
    }

    /** Sends never answered by an ack or an error. */
    long unanswered() {
        return Math.max(0, sends.sum() - acks.sum() - failedSends.sum());
    }

    @Nullable Sent find(String clientMsgId) {
        return sent.get(clientMsgId);
    }

    LatencyStats ackLatency() {
        return ackLatency;
    }

    LatencyStats deliveryLatency() {
        return deliveryLatency;
    }

    long sends() {
        return sends.sum();
    }

    long acks() {
        return acks.sum();
    }

    long duplicateAcks() {
        return duplicateAcks.sum();
    }

    long deliveries() {
        return deliveries.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long reordered() {
        return reordered.sum();
    }

    /**
     * Jumps in seq seen by subscribers. Only meaningful while the tool's messages are the room's only events, as
     * they are during a run (the joins all happen during set-up).
     */
    long gaps() {
        return gaps.sum();
    }

    long failedSends() {
        return failedSends.sum();
    }

    long lastAckNanos() {
        return lastAckNanos.get();
    }

    /** When the last delivery of the run arrived, at any subscriber (0 if none did). */
    long lastDeliveryNanos() {
        List<Subscriber> all;
        synchronized (this) {
            all = List.copyOf(subscribers);
        }
        long last = 0;
        for (Subscriber subscriber : all) {
            synchronized (subscriber) {
                last = Math.max(last, subscriber.lastDeliveryNanos);
            }
        }
        return last;
    }
}
