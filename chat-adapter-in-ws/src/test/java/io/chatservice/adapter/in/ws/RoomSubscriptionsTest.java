package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatservice.adapter.in.ws.Destinations.RoomTopic;
import io.chatservice.adapter.in.ws.Destinations.TopicKind;
import io.chatservice.adapter.in.ws.Destinations.UserQueue;
import io.chatservice.adapter.in.ws.RoomSubscriptions.Outcome;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.RoomWatchersQuery;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoomSubscriptionsTest {

    private static final Duration WAIT = Duration.ofMillis(200);
    private static final RoomId ROOM = RoomId.of("r-1");
    private static final RoomId OTHER_ROOM = RoomId.of("r-2");
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final String REVOKED_EVENTS = "{\"code\":\"FORBIDDEN\",\"message\":\"no longer a member of this room\","
            + "\"destination\":\"/topic/rooms/r-1\",\"subscriptionId\":\"events\"}";

    private final FakeRoomWatches watches = new FakeRoomWatches()
            .room(ROOM, 5, ALICE, BOB)
            .room(OTHER_ROOM, 0, ALICE);
    private final ManualTimer timer = new ManualTimer();
    private final RecordingRecipients deliveries = new RecordingRecipients();
    private final RoomSubscriptions subscriptions =
            new RoomSubscriptions(watches, Runnable::run, timer, WAIT, 256, 100);

    private static RoomTopic events(RoomId roomId) {
        return new RoomTopic(roomId, TopicKind.EVENTS);
    }

    private static RoomTopic typing(RoomId roomId) {
        return new RoomTopic(roomId, TopicKind.TYPING);
    }

    private static RoomTopic presence(RoomId roomId) {
        return new RoomTopic(roomId, TopicKind.PRESENCE);
    }

    private static RoomBroadcast presenceOf(RoomId roomId, UserId member, boolean online) {
        return new RoomBroadcast(roomId, RoomBroadcast.Kind.PRESENCE, 0, null, "presence:" + member + ":" + online);
    }

    private static RoomBroadcast event(RoomId roomId, long seq) {
        return new RoomBroadcast(roomId, RoomBroadcast.Kind.ROOM_EVENT, seq, null, "e" + seq);
    }

    private static RoomBroadcast left(RoomId roomId, long seq, UserId member) {
        return new RoomBroadcast(roomId, RoomBroadcast.Kind.ROOM_EVENT, seq, member, "left" + seq);
    }

    private static RoomBroadcast typingOf(RoomId roomId, UserId member) {
        return new RoomBroadcast(roomId, RoomBroadcast.Kind.TYPING, 0, null, "typing:" + member);
    }

    private void connect(String sessionId, UserId user) {
        subscriptions.openSession(sessionId, new Caller(user, null), deliveries.recipient(sessionId));
    }

    private Outcome subscribe(String sessionId, String subscriptionId, RoomTopic topic) {
        return subscriptions.subscribeRoom(sessionId, subscriptionId, topic);
    }

    @Test
    void aSubscriptionGetsNoEventItsStartingPointAlreadyCoversEvenWhenItsBroadcastArrivesLate() {
        connect("s1", ALICE);
        connect("s2", BOB);
        subscribe("s1", "alice", events(ROOM));
        // Seq 6 commits (say, bob's own join); bob subscribes before its broadcast reaches this instance.
        watches.setLastSeq(ROOM, 6);
        subscribe("s2", "bob", events(ROOM));

        subscriptions.deliver(event(ROOM, 6));
        subscriptions.deliver(event(ROOM, 7));

        assertThat(deliveries.bodiesFor("s1", "alice")).containsExactly("e6", "e7");
        assertThat(deliveries.bodiesFor("s2", "bob")).containsExactly("e7");
    }

    @Test
    void anEventIsEncodedOnceForAllItsSubscribers() {
        for (int i = 0; i < 1000; i++) {
            connect("s" + i, ALICE);
            subscribe("s" + i, "events", events(ROOM));
        }

        subscriptions.deliver(event(ROOM, 6));
        subscriptions.deliver(event(ROOM, 7));

        assertThat(deliveries.frames()).hasSize(2000);
        List<RecordingRecipients.Frame> sixes = deliveries.frames().stream()
                .filter(frame -> frame.body().equals("e6")).toList();
        assertThat(sixes).hasSize(1000);
        assertThat(sixes.stream().map(RecordingRecipients.Frame::message).distinct())
                .as("one encoded frame, shared by every subscriber").hasSize(1)
                .allSatisfy(frame -> assertThat(frame.destination()).isEqualTo("/topic/rooms/r-1"));
        assertThat(deliveries.frames().stream().map(RecordingRecipients.Frame::message).distinct()).hasSize(2);
    }

    @Test
    void unsubscribeBalancesTheWatchAndTheRoomLosesItsState() {
        connect("s1", ALICE);

        assertThat(subscribe("s1", "sub-1", events(ROOM))).isEqualTo(Outcome.SUBSCRIBED);
        assertThat(watches.outstanding(ROOM)).isOne();
        assertThat(subscriptions.roomCount()).isOne();

        subscriptions.unsubscribe("s1", "sub-1");
        subscriptions.unsubscribe("s1", "sub-1");

        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(watches.unbalancedUnwatches()).isZero();
        assertThat(subscriptions.roomCount()).isZero();
    }

    @Test
    void closingASessionEndsEachOfItsRoomSubscriptionsOnce() {
        connect("s1", ALICE);
        subscribe("s1", "events", events(ROOM));
        subscribe("s1", "typing", typing(ROOM));
        subscribe("s1", "presence", new RoomTopic(ROOM, TopicKind.PRESENCE));
        subscribe("s1", "other", events(OTHER_ROOM));
        subscriptions.subscribeQueue("s1", "errors", UserQueue.ERRORS);
        assertThat(watches.outstanding(ROOM)).isEqualTo(3);

        subscriptions.closeSession("s1");
        subscriptions.closeSession("s1");

        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(watches.outstanding(OTHER_ROOM)).isZero();
        assertThat(watches.unbalancedUnwatches()).isZero();
        assertThat(subscriptions.roomCount()).isZero();
        assertThat(subscriptions.queueSubscriptions("s1", UserQueue.ERRORS)).isEmpty();
    }

    @Test
    void aSubscriptionIdInUseIsRefusedBeforeAnyWatchAndTheFirstSubscriptionStays() {
        connect("s1", ALICE);
        subscribe("s1", "sub-1", events(ROOM));

        assertThat(subscribe("s1", "sub-1", events(OTHER_ROOM))).isEqualTo(Outcome.DUPLICATE_ID);
        assertThat(subscriptions.subscribeQueue("s1", "sub-1", UserQueue.ACKS)).isEqualTo(Outcome.DUPLICATE_ID);
        assertThat(watches.outstanding(OTHER_ROOM)).isZero();

        subscriptions.deliver(event(ROOM, 6));
        assertThat(deliveries.bodiesFor("s1", "sub-1")).containsExactly("e6");
        subscriptions.unsubscribe("s1", "sub-1");
        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(watches.unbalancedUnwatches()).isZero();
    }

    @Test
    void aRefusedWatchRegistersNothingAndFreesTheId() {
        connect("s1", UserId.of("mallory"));

        assertThatThrownBy(() -> subscribe("s1", "sub-1", events(ROOM)))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> subscribe("s1", "sub-1", events(RoomId.of("missing"))))
                .isInstanceOf(NotFoundException.class);

        assertThat(subscriptions.roomCount()).isZero();
        assertThat(subscriptions.subscribeQueue("s1", "sub-1", UserQueue.ERRORS)).isEqualTo(Outcome.SUBSCRIBED);
        subscriptions.deliver(event(ROOM, 6));
        assertThat(deliveries.frames()).isEmpty();
    }

    @Test
    void aSessionThatIsNotOpenCannotSubscribe() {
        assertThat(subscribe("nobody", "sub-1", events(ROOM))).isEqualTo(Outcome.SESSION_CLOSED);
        assertThat(subscriptions.subscribeQueue("nobody", "q", UserQueue.ACKS)).isEqualTo(Outcome.SESSION_CLOSED);
        assertThat(watches.outstanding(ROOM)).isZero();
    }

    @Test
    void theSessionClosingWhileItsWatchIsInProgressUnwatchesIt() {
        connect("s1", ALICE);
        watches.duringWatch(() -> subscriptions.closeSession("s1"));

        assertThat(subscribe("s1", "sub-1", events(ROOM))).isEqualTo(Outcome.SESSION_CLOSED);

        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(watches.unbalancedUnwatches()).isZero();
        assertThat(subscriptions.roomCount()).isZero();
    }

    @Test
    void roomEventsStartAfterTheFirstWatchesLastSeqAndGoToEventSubscriptionsOnly() {
        connect("s1", ALICE);
        subscribe("s1", "events", events(ROOM));
        subscribe("s1", "typing", typing(ROOM));

        subscriptions.deliver(event(ROOM, 4));
        subscriptions.deliver(event(ROOM, 5));
        subscriptions.deliver(event(ROOM, 6));
        subscriptions.deliver(event(ROOM, 7));

        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e6", "e7");
        assertThat(deliveries.framesFor("s1", "events")).allSatisfy(
                frame -> assertThat(frame.destination()).isEqualTo("/topic/rooms/r-1"));
        assertThat(deliveries.bodiesFor("s1", "typing")).isEmpty();
    }

    @Test
    void broadcastsForRoomsWithoutLocalSubscribersAreDroppedWithoutState() {
        subscriptions.deliver(event(ROOM, 6));
        subscriptions.deliver(typingOf(ROOM, ALICE));
        subscriptions.deliver(presenceOf(ROOM, ALICE, true));

        assertThat(deliveries.frames()).isEmpty();
        assertThat(subscriptions.roomCount()).isZero();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void eventsOutOfOrderReachEverySubscriberInOrderAndAGapIsSkippedAfterTheWait() {
        connect("s1", ALICE);
        connect("s2", BOB);
        subscribe("s1", "a", events(ROOM));
        subscribe("s2", "b", events(ROOM));

        subscriptions.deliver(event(ROOM, 8));
        subscriptions.deliver(event(ROOM, 7));
        subscriptions.deliver(event(ROOM, 6));
        subscriptions.deliver(event(ROOM, 7));
        subscriptions.deliver(event(ROOM, 10));
        timer.advance(WAIT);

        assertThat(deliveries.bodiesFor("s1", "a")).containsExactly("e6", "e7", "e8", "e10");
        assertThat(deliveries.bodiesFor("s2", "b")).containsExactly("e6", "e7", "e8", "e10");
    }

    @Test
    void presenceGoesToPresenceSubscriptionsOnlyOfSessionsThatAreNotBacklogged() {
        connect("s1", ALICE);
        connect("s2", BOB);
        subscribe("s1", "p1", presence(ROOM));
        subscribe("s1", "t1", typing(ROOM));
        subscribe("s1", "e1", events(ROOM));
        subscribe("s2", "p2", presence(ROOM));
        subscribe("s1", "p1-other", presence(OTHER_ROOM));
        deliveries.setBacklogged("s2");

        subscriptions.deliver(presenceOf(ROOM, BOB, true));
        subscriptions.deliver(presenceOf(ROOM, BOB, false));

        assertThat(deliveries.bodiesFor("s1", "p1")).containsExactly("presence:bob:true", "presence:bob:false");
        assertThat(deliveries.framesFor("s1", "p1")).allSatisfy(
                frame -> assertThat(frame.destination()).isEqualTo("/topic/rooms/r-1/presence"));
        assertThat(deliveries.frames()).extracting(RecordingRecipients.Frame::subscriptionId).containsOnly("p1");
    }

    @Test
    void presenceIsDeliveredAtOnceWhileRoomEventsWaitForAMissingSeq() {
        connect("s1", ALICE);
        connect("s2", BOB);
        subscribe("s1", "events", events(ROOM));
        subscribe("s2", "presence", presence(ROOM));

        subscriptions.deliver(event(ROOM, 7));
        subscriptions.deliver(presenceOf(ROOM, ALICE, true));

        assertThat(deliveries.bodiesFor("s2", "presence")).containsExactly("presence:alice:true");
        assertThat(deliveries.bodiesFor("s1", "events")).isEmpty();
        timer.advance(WAIT);
        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e7");
    }

    @Test
    void typingGoesToTypingSubscriptionsOfSessionsThatAreNotBacklogged() {
        connect("s1", ALICE);
        connect("s2", BOB);
        subscribe("s1", "t1", typing(ROOM));
        subscribe("s1", "e1", events(ROOM));
        subscribe("s2", "t2", typing(ROOM));
        deliveries.setBacklogged("s2");

        subscriptions.deliver(typingOf(ROOM, BOB));

        assertThat(deliveries.bodiesFor("s1", "t1")).containsExactly("typing:bob");
        assertThat(deliveries.framesFor("s1", "t1").getFirst().destination()).isEqualTo("/topic/rooms/r-1/typing");
        assertThat(deliveries.bodiesFor("s1", "e1")).isEmpty();
        assertThat(deliveries.bodiesFor("s2", "t2")).isEmpty();
    }

    @Test
    void memberLeftIsDeliveredThenEndsEveryLocalSubscriptionOfThatMemberToTheRoom() {
        connect("s1", ALICE);
        connect("s2", ALICE);
        connect("s3", BOB);
        subscribe("s1", "events", events(ROOM));
        subscribe("s1", "typing", typing(ROOM));
        subscribe("s1", "other", events(OTHER_ROOM));
        subscriptions.subscribeQueue("s1", "errors", UserQueue.ERRORS);
        subscribe("s2", "events", events(ROOM));
        subscribe("s3", "events", events(ROOM));

        subscriptions.deliver(left(ROOM, 6, ALICE));
        subscriptions.deliver(event(ROOM, 7));
        subscriptions.deliver(typingOf(ROOM, BOB));

        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("left6");
        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("left6");
        assertThat(deliveries.bodiesFor("s3", "events")).containsExactly("left6", "e7");
        assertThat(deliveries.bodiesFor("s1", "typing")).isEmpty();
        assertThat(deliveries.bodiesFor("s1", "errors")).containsExactlyInAnyOrder(
                "{\"code\":\"FORBIDDEN\",\"message\":\"no longer a member of this room\","
                        + "\"destination\":\"/topic/rooms/r-1\",\"subscriptionId\":\"events\"}",
                "{\"code\":\"FORBIDDEN\",\"message\":\"no longer a member of this room\","
                        + "\"destination\":\"/topic/rooms/r-1/typing\",\"subscriptionId\":\"typing\"}");
        assertThat(watches.outstanding(ROOM)).as("only bob's watch is left").isOne();
        assertThat(watches.outstanding(OTHER_ROOM)).isOne();

        subscriptions.unsubscribe("s1", "events");
        subscriptions.closeSession("s2");
        assertThat(watches.outstanding(ROOM)).isOne();
        assertThat(watches.unbalancedUnwatches()).isZero();
    }

    @Test
    void aSubscriptionWhoseMembershipCheckRanBeforeTheDepartureIsRefusedWhenTheDepartureWasSeenFirst() {
        connect("s1", BOB);
        connect("s2", ALICE);
        subscribe("s1", "events", events(ROOM));
        watches.duringWatch(() -> subscriptions.deliver(left(ROOM, 6, ALICE)));

        assertThat(subscribe("s2", "events", events(ROOM))).isEqualTo(Outcome.NO_LONGER_MEMBER);

        assertThat(watches.outstanding(ROOM)).isOne();
        assertThat(deliveries.bodiesFor("s2", "events")).isEmpty();
        assertThat(subscriptions.subscribeQueue("s2", "events", UserQueue.ERRORS))
                .as("the refused id is free again").isEqualTo(Outcome.SUBSCRIBED);
    }

    @Test
    void aDepartureThatArrivesTooLateToBeDeliveredStillEndsTheSubscriptionsItEnded() {
        watches.setLastSeq(ROOM, 8);
        connect("s1", ALICE);
        subscribe("s1", "events", events(ROOM));
        subscriptions.deliver(event(ROOM, 10));
        timer.advance(WAIT);
        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e10");

        subscriptions.deliver(left(ROOM, 9, ALICE));

        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e10");
        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(subscriptions.roomCount()).isZero();
    }

    @Test
    void aMemberWhoCameBackKeepsTheSubscriptionThatStartedAfterTheDeparture() {
        watches.setLastSeq(ROOM, 7);
        connect("s1", ALICE);
        subscribe("s1", "events", events(ROOM));

        subscriptions.deliver(left(ROOM, 6, ALICE));
        subscriptions.deliver(event(ROOM, 8));

        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e8");
        assertThat(watches.outstanding(ROOM)).isOne();
    }

    @Test
    void queueSubscriptionsAreListedPerSessionAndQueue() {
        connect("s1", ALICE);
        connect("s2", BOB);
        subscriptions.subscribeQueue("s1", "a1", UserQueue.ACKS);
        subscriptions.subscribeQueue("s1", "e1", UserQueue.ERRORS);
        subscriptions.subscribeQueue("s1", "a2", UserQueue.ACKS);
        subscriptions.subscribeQueue("s2", "a3", UserQueue.ACKS);

        assertThat(subscriptions.queueSubscriptions("s1", UserQueue.ACKS)).containsExactlyInAnyOrder("a1", "a2");
        assertThat(subscriptions.queueSubscriptions("s1", UserQueue.ERRORS)).containsExactly("e1");

        subscriptions.unsubscribe("s1", "a1");
        assertThat(subscriptions.queueSubscriptions("s1", UserQueue.ACKS)).containsExactly("a2");
        assertThat(watches.unbalancedUnwatches()).isZero();
    }

    @Test
    void concurrentProducersDeliverEachSeqExactlyOnceAndInOrderToEverySubscriber() throws Exception {
        int events = 3_000;
        // Room for the whole shuffled stream: nothing is skipped, so every seq must arrive exactly once.
        var roomy = new RoomSubscriptions(watches, Runnable::run, timer, WAIT, events, 100);

        List<String> sessions = produceConcurrently(roomy, events);

        List<String> expected = IntStream.rangeClosed(1, events).mapToObj(seq -> "e" + seq).toList();
        for (String session : sessions) {
            assertThat(deliveries.bodiesFor(session, "events")).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void concurrentProducersOverflowingTheBufferStillDeliverInIncreasingOrderWithoutRepeats() throws Exception {
        List<String> sessions = produceConcurrently(subscriptions, 3_000);

        for (String session : sessions) {
            List<Long> seqs = deliveries.bodiesFor(session, "events").stream()
                    .map(body -> Long.parseLong(body.substring(1))).toList();
            assertThat(seqs).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates().isNotEmpty();
            assertThat(seqs.getLast()).isEqualTo(3_000);
        }
    }

    @Test
    void concurrentProducersWithMembershipChecksOnOtherThreadsStillDeliverInIncreasingOrderWithoutRepeats()
            throws Exception {
        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            var checked = new RoomSubscriptions(watches, checks, timer, WAIT, 256, 100);

            List<String> sessions = produceConcurrently(checked, 3_000);

            for (String session : sessions) {
                await().atMost(Duration.ofSeconds(10)).until(
                        () -> deliveries.bodiesFor(session, "events").contains("e3000"));
                List<Long> seqs = deliveries.bodiesFor(session, "events").stream()
                        .map(body -> Long.parseLong(body.substring(1))).toList();
                assertThat(seqs).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            }
            assertThat(watches.watcherChecks()).as("every overflow was checked").isNotEmpty();
        }
    }

    /** 16 threads deliver seqs 1..events, shuffled, every third one twice; returns the subscribed sessions. */
    private List<String> produceConcurrently(RoomSubscriptions target, int events) throws Exception {
        watches.setLastSeq(ROOM, 0);
        List<String> sessions = List.of("s1", "s2", "s3");
        for (String session : sessions) {
            Caller caller = new Caller(session.equals("s2") ? BOB : ALICE, null);
            target.openSession(session, caller, deliveries.recipient(session));
            target.subscribeRoom(session, "events", events(ROOM));
        }
        int producers = 16;
        List<Long> seqs = new ArrayList<>();
        for (long seq = 1; seq <= events; seq++) {
            seqs.add(seq);
            if (seq % 3 == 0) {
                seqs.add(seq);
            }
        }
        Collections.shuffle(seqs, new Random(7));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int producer = 0; producer < producers; producer++) {
                int first = producer;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < seqs.size(); i += producers) {
                        target.deliver(event(ROOM, seqs.get(i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sessions;
    }

    @Test
    void watchesStayBalancedUnderConcurrentSubscribeUnsubscribeDepartureAndClose() throws Exception {
        watches.setLastSeq(ROOM, 0);
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    Random random = new Random(thread);
                    for (int i = 0; i < 400; i++) {
                        String session = "s" + thread + "-" + (i % 5);
                        connect(session, random.nextBoolean() ? ALICE : BOB);
                        String id = "sub-" + random.nextInt(4);
                        switch (random.nextInt(4)) {
                            case 0 -> subscribe(session, id, events(ROOM));
                            case 1 -> subscriptions.unsubscribe(session, id);
                            case 2 -> subscriptions.deliver(left(ROOM, 1 + random.nextInt(50), ALICE));
                            default -> subscriptions.closeSession(session);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int thread = 0; thread < threads; thread++) {
            for (int session = 0; session < 5; session++) {
                subscriptions.closeSession("s" + thread + "-" + session);
            }
        }

        assertThat(watches.unbalancedUnwatches()).isZero();
        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(subscriptions.roomCount()).isZero();
    }

    /** Runs what it is given only when the test says so: membership checks (and unwatches) in flight. */
    private final List<Runnable> deferred = new ArrayList<>();
    private final Executor deferredExecutor = deferred::add;

    private void runDeferred() {
        while (!deferred.isEmpty()) {
            List<Runnable> work = List.copyOf(deferred);
            deferred.clear();
            work.forEach(Runnable::run);
        }
    }

    /** Alice (events, typing and errors on s1) and Bob (events on s2) watch the room, whose last seq is 5. */
    private void aliceAndBobWatch(RoomSubscriptions target) {
        target.openSession("s1", new Caller(ALICE, null), deliveries.recipient("s1"));
        target.openSession("s2", new Caller(BOB, null), deliveries.recipient("s2"));
        target.subscribeQueue("s1", "errors", UserQueue.ERRORS);
        target.subscribeRoom("s1", "events", events(ROOM));
        target.subscribeRoom("s1", "typing", typing(ROOM));
        target.subscribeRoom("s2", "events", events(ROOM));
    }

    @Test
    void aDepartureLostInASkippedGapEndsTheMembersSubscriptionsBeforeTheEventsAfterTheGapGoOut() {
        aliceAndBobWatch(subscriptions);
        watches.leave(ROOM, ALICE); // seq 6, MEMBER_LEFT, never broadcast here

        subscriptions.deliver(event(ROOM, 7));
        subscriptions.deliver(event(ROOM, 8));
        timer.advance(WAIT);

        assertThat(deliveries.bodiesFor("s1", "events")).isEmpty();
        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("e7", "e8");
        assertThat(deliveries.bodiesFor("s1", "errors")).containsExactlyInAnyOrder(REVOKED_EVENTS,
                "{\"code\":\"FORBIDDEN\",\"message\":\"no longer a member of this room\","
                        + "\"destination\":\"/topic/rooms/r-1/typing\",\"subscriptionId\":\"typing\"}");
        assertThat(watches.watcherChecks()).containsExactly(new RoomWatchersQuery(ROOM, Set.of(ALICE, BOB)));
        assertThat(watches.outstanding(ROOM)).as("only bob's watch is left").isOne();
        subscriptions.closeSession("s1");
        assertThat(watches.unbalancedUnwatches()).isZero();
    }

    @Test
    void anOverflowingBufferChecksTheMembersBeforeReleasingToo() {
        var small = new RoomSubscriptions(watches, Runnable::run, timer, WAIT, 3, 100);
        aliceAndBobWatch(small);
        watches.leave(ROOM, ALICE);

        for (long seq = 7; seq <= 10; seq++) {
            small.deliver(event(ROOM, seq));
        }

        assertThat(deliveries.bodiesFor("s1", "events")).isEmpty();
        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("e7", "e8", "e9", "e10");
        assertThat(watches.outstanding(ROOM)).isOne();
    }

    @Test
    void eventsArrivingWhileTheCheckRunsWaitBehindItInOrderAndALaterGapGetsACheckOfItsOwn() {
        var checkedLater = new RoomSubscriptions(watches, deferredExecutor, timer, WAIT, 256, 100);
        aliceAndBobWatch(checkedLater);
        watches.leave(ROOM, ALICE);

        checkedLater.deliver(event(ROOM, 7));
        timer.advance(WAIT);
        checkedLater.deliver(event(ROOM, 9));
        checkedLater.deliver(event(ROOM, 8));
        checkedLater.deliver(event(ROOM, 11));
        timer.advance(WAIT); // seq 10 is skipped while the first check is still running
        checkedLater.deliver(event(ROOM, 12));
        assertThat(deliveries.frames()).as("nothing before the check is done").isEmpty();

        runDeferred();

        assertThat(deliveries.bodiesFor("s1", "events")).isEmpty();
        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("e7", "e8", "e9", "e11", "e12");
        assertThat(watches.watcherChecks()).containsExactly(
                new RoomWatchersQuery(ROOM, Set.of(ALICE, BOB)), new RoomWatchersQuery(ROOM, Set.of(BOB)));
        assertThat(watches.outstanding(ROOM)).isOne();
    }

    @Test
    void whenTheCheckFailsTheEventsAreDeliveredAnywayAndTheRoomGoesOn() {
        aliceAndBobWatch(subscriptions);
        watches.failChecks();

        subscriptions.deliver(event(ROOM, 7));
        timer.advance(WAIT);
        subscriptions.deliver(event(ROOM, 8));

        assertThat(watches.watcherChecks()).hasSize(1);
        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e7", "e8");
        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("e7", "e8");
    }

    @Test
    void whileACheckRunsTheRoomHoldsAtMostTheReorderMaximumDroppingTheOldestAndADroppedDepartureStillEnds() {
        var small = new RoomSubscriptions(watches, deferredExecutor, timer, WAIT, 3, 100);
        aliceAndBobWatch(small);

        small.deliver(event(ROOM, 7));
        timer.advance(WAIT);
        small.deliver(left(ROOM, 8, ALICE));
        small.deliver(event(ROOM, 9));
        small.deliver(event(ROOM, 10));
        assertThat(deliveries.bodiesFor("s1", "errors")).isEmpty();
        small.deliver(event(ROOM, 11));
        assertThat(deliveries.bodiesFor("s1", "errors")).as("alice's departure was dropped, not ignored")
                .contains(REVOKED_EVENTS);
        runDeferred();
        small.deliver(event(ROOM, 12));

        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("e9", "e10", "e11", "e12");
        assertThat(deliveries.bodiesFor("s1", "events")).isEmpty();
        assertThat(watches.outstanding(ROOM)).isOne();
        assertThat(watches.unbalancedUnwatches()).isZero();
    }

    @Test
    void aRoomEveryoneLeavesWhileItsCheckRunsForgetsWhatItHeld() {
        var checkedLater = new RoomSubscriptions(watches, deferredExecutor, timer, WAIT, 256, 100);
        aliceAndBobWatch(checkedLater);
        checkedLater.deliver(event(ROOM, 7));
        timer.advance(WAIT);

        checkedLater.closeSession("s1");
        checkedLater.closeSession("s2");
        runDeferred();

        assertThat(checkedLater.roomCount()).isZero();
        assertThat(deliveries.frames()).isEmpty();
        assertThat(watches.outstanding(ROOM)).isZero();
        assertThat(watches.unbalancedUnwatches()).isZero();
    }

    @Test
    void aWatchThatReadALastSeqBelowAGapTheStreamSkippedIsCheckedAgainAndRefusedWhenItsUserLeft() {
        connect("s1", BOB);
        connect("s2", ALICE);
        subscribe("s1", "events", events(ROOM));
        watches.duringWatch(() -> {
            // After alice's membership check and last-seq read: she leaves (seq 6, lost) and the stream skips it.
            watches.duringWatch(() -> { });
            watches.leave(ROOM, ALICE);
            subscriptions.deliver(event(ROOM, 7));
            timer.advance(WAIT);
        });

        assertThat(subscribe("s2", "events", events(ROOM))).isEqualTo(Outcome.NO_LONGER_MEMBER);

        assertThat(watches.watcherChecks()).last().isEqualTo(new RoomWatchersQuery(ROOM, Set.of(ALICE)));
        assertThat(deliveries.bodiesFor("s2", "events")).isEmpty();
        assertThat(watches.outstanding(ROOM)).isOne();
        assertThat(watches.unbalancedUnwatches()).isZero();
        assertThat(subscriptions.subscribeQueue("s2", "events", UserQueue.ERRORS))
                .as("the refused id is free again").isEqualTo(Outcome.SUBSCRIBED);
    }

    @Test
    void aWatchThatReadALastSeqBelowTheStreamsStartIsCheckedAgainAndRefusedWhenItsUserLeft() {
        connect("s1", BOB);
        connect("s2", ALICE);
        watches.duringWatch(() -> {
            // Alice read seq 5; she leaves at 6 (lost), and bob's watch, which starts the stream, reads 6.
            watches.duringWatch(() -> { });
            watches.leave(ROOM, ALICE);
            watches.setLastSeq(ROOM, 6);
            assertThat(subscribe("s1", "events", events(ROOM))).isEqualTo(Outcome.SUBSCRIBED);
        });

        assertThat(subscribe("s2", "events", events(ROOM))).isEqualTo(Outcome.NO_LONGER_MEMBER);
        subscriptions.deliver(event(ROOM, 7));

        assertThat(deliveries.bodiesFor("s2", "events")).isEmpty();
        assertThat(deliveries.bodiesFor("s1", "events")).containsExactly("e7");
        assertThat(watches.outstanding(ROOM)).isOne();
    }

    @Test
    void aWatchCheckedAgainWhoseUserIsStillAMemberSubscribesAndOneThatSawEverythingIsNotChecked() {
        connect("s1", BOB);
        connect("s2", ALICE);
        subscribe("s1", "events", events(ROOM));
        subscriptions.deliver(event(ROOM, 7));
        timer.advance(WAIT);
        int checksSoFar = watches.watcherChecks().size();

        assertThat(subscribe("s2", "events", events(ROOM))).as("read 5, below the skipped 6")
                .isEqualTo(Outcome.SUBSCRIBED);
        assertThat(watches.watcherChecks()).hasSize(checksSoFar + 1);
        watches.setLastSeq(ROOM, 7);
        assertThat(subscribe("s2", "typing", typing(ROOM))).isEqualTo(Outcome.SUBSCRIBED);
        assertThat(watches.watcherChecks()).as("read 7: nothing unseen above it").hasSize(checksSoFar + 1);

        subscriptions.deliver(event(ROOM, 8));
        assertThat(deliveries.bodiesFor("s2", "events")).containsExactly("e8");
    }

    @Test
    void aFailedCheckAtRegistrationRefusesTheSubscriptionAndUndoesItsWatch() {
        connect("s1", BOB);
        connect("s2", ALICE);
        subscribe("s1", "events", events(ROOM));
        subscriptions.deliver(event(ROOM, 7));
        timer.advance(WAIT);
        watches.failChecks();

        assertThatThrownBy(() -> subscribe("s2", "events", events(ROOM))).isInstanceOf(IllegalStateException.class);

        assertThat(watches.outstanding(ROOM)).isOne();
        assertThat(subscriptions.subscribeQueue("s2", "events", UserQueue.ERRORS)).isEqualTo(Outcome.SUBSCRIBED);
    }

    @Test
    void aSessionAtItsSubscriptionLimitIsRefusedBeforeAnyWatch() {
        var limited = new RoomSubscriptions(watches, Runnable::run, timer, WAIT, 256, 2);
        limited.openSession("s1", new Caller(ALICE, null), deliveries.recipient("s1"));
        assertThat(limited.subscribeQueue("s1", "errors", UserQueue.ERRORS)).isEqualTo(Outcome.SUBSCRIBED);
        assertThat(limited.subscribeRoom("s1", "events", events(ROOM))).isEqualTo(Outcome.SUBSCRIBED);

        assertThat(limited.subscribeRoom("s1", "typing", typing(ROOM))).isEqualTo(Outcome.TOO_MANY_SUBSCRIPTIONS);
        assertThat(limited.subscribeQueue("s1", "acks", UserQueue.ACKS)).isEqualTo(Outcome.TOO_MANY_SUBSCRIPTIONS);
        assertThat(limited.subscribeRoom("s1", "events", events(OTHER_ROOM))).isEqualTo(Outcome.DUPLICATE_ID);
        assertThat(watches.outstanding(ROOM)).isOne();

        limited.unsubscribe("s1", "events");
        assertThat(limited.subscribeRoom("s1", "typing", typing(ROOM))).isEqualTo(Outcome.SUBSCRIBED);
    }
}
