package io.chatservice.it.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.it.web.ApiUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Several senders at once into one room, over STOMP: their transactions commit in seq order but the
 * after-commit relays race, and still every subscriber sees each seq once, in increasing order, with none
 * missing (membership events included).
 */
class StompConcurrentOrderingIT extends StompIntegrationTest {

    private static final int SENDERS = 5;
    private static final int MESSAGES_PER_SENDER = 40;
    private static final Duration ALL_DELIVERED = Duration.ofSeconds(60);

    @Test
    void concurrentSendersAreSeenByEverySubscriberInSeqOrderWithoutGapsOrDuplicates() throws Exception {
        ApiUser owner = api.newUser("owner");
        String roomId = owner.createRoomWith();
        List<Subscriber> subscribers = new ArrayList<>();
        subscribers.add(subscribe(owner, roomId));
        for (int i = 1; i <= 2; i++) {
            ApiUser listener = api.newUser("listener" + i);
            owner.addMember(roomId, listener);
            subscribers.add(subscribe(listener, roomId));
        }
        List<ApiUser> senders = new ArrayList<>();
        List<StompConnection> senderConnections = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            ApiUser sender = api.newUser("sender" + i);
            sender.join(roomId);
            senders.add(sender);
            senderConnections.add(connect(sender));
        }
        long seqBeforeMessages = owner.lastSeq(roomId);

        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ReceivedFrame>>> acks = new ArrayList<>();
        try {
            for (int i = 0; i < SENDERS; i++) {
                StompConnection connection = senderConnections.get(i);
                String prefix = "s" + i + "-";
                acks.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < MESSAGES_PER_SENDER; n++) {
                        connection.send(Destinations.messages(roomId),
                                StompConnection.message(prefix + n, connection.label() + " #" + n));
                    }
                    List<ReceivedFrame> received = new ArrayList<>();
                    for (int n = 0; n < MESSAGES_PER_SENDER; n++) {
                        received.add(connection.ack(prefix + n));
                    }
                    return received;
                }));
            }
            start.countDown();
            Set<Long> ackedSeqs = new HashSet<>();
            for (Future<List<ReceivedFrame>> sent : acks) {
                for (ReceivedFrame ack : sent.get(ALL_DELIVERED.toSeconds(), TimeUnit.SECONDS)) {
                    assertThat(ack.field("status")).isEqualTo("ACCEPTED");
                    ackedSeqs.add(ack.seq());
                }
            }
            long lastSeq = seqBeforeMessages + SENDERS * MESSAGES_PER_SENDER;
            assertThat(ackedSeqs).as("every send got its own seq")
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(seqBeforeMessages + 1, lastSeq).boxed().toList());
            assertThat(owner.lastSeq(roomId)).isEqualTo(lastSeq);

            for (Subscriber subscriber : subscribers) {
                // A join committed just before the SUBSCRIBE may still be on its way and arrive live: a client skips
                // what is not above its start (docs/realtime.md); everything above it must come in order, once.
                List<Long> seqs = new ArrayList<>();
                long deadline = System.nanoTime() + ALL_DELIVERED.toNanos();
                while (seqs.isEmpty() || seqs.getLast() < lastSeq) {
                    assertThat(System.nanoTime()).as("all delivered to %s within %s; seqs %s", subscriber.connection(),
                            ALL_DELIVERED, seqs).isLessThan(deadline);
                    long seq = subscriber.connection().next(Destinations.room(roomId)).seq();
                    if (seq > subscriber.seqAtSubscribe()) {
                        seqs.add(seq);
                    }
                }
                assertThat(seqs).as("seqs seen by %s", subscriber.connection())
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(subscriber.seqAtSubscribe() + 1, lastSeq).boxed().toList());
            }
            // Nothing more came after the last one: the next event is the next thing each of them sees.
            String marker = owner.sendId(roomId, "the end");
            for (Subscriber subscriber : subscribers) {
                assertThat(subscriber.connection().through(Destinations.room(roomId),
                        frame -> marker.equals(frame.messageId()), "the marker")).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Subscriber(StompConnection connection, long seqAtSubscribe) {
    }

    /** Subscribed while nothing else happens in the room, so the seq read afterwards is where its stream starts. */
    private Subscriber subscribe(ApiUser user, String roomId) {
        StompConnection connection = connect(user);
        connection.subscribe(Destinations.room(roomId));
        return new Subscriber(connection, user.lastSeq(roomId));
    }
}
