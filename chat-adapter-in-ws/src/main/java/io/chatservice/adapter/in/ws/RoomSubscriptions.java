package io.chatservice.adapter.in.ws;

import io.chatservice.adapter.in.ws.Destinations.RoomTopic;
import io.chatservice.adapter.in.ws.Destinations.TopicKind;
import io.chatservice.adapter.in.ws.Destinations.UserQueue;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.RoomWatch;
import io.chatservice.application.port.in.RoomWatchersQuery;
import io.chatservice.application.port.in.UnwatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomUseCase;
import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who on this instance subscribes to what, and delivery of room broadcasts to them.
 *
 * <p><b>Watches are balanced.</b> A room subscription exists only after {@link WatchRoomUseCase#watchRoom}
 * succeeded (membership checked, the instance listening to the room), and each one is balanced by exactly one
 * {@link WatchRoomUseCase#unwatchRoom} when it ends, however it ends: UNSUBSCRIBE, the session closing, or the
 * member leaving the room. Whoever removes a subscription from its room's list, under the room's lock, owns that
 * unwatch; a subscription id already in use in the session is refused before any watch.
 *
 * <p><b>Order.</b> A room has state here while it has subscribers (or a subscription being set up); room events
 * go through its {@link ReorderBuffer}, which starts after the first watch's last seq, so each subscriber gets
 * them in seq order, each once. Broadcasts for rooms without state are dropped at once. Typing and presence
 * (ephemeral, no seq) skip the buffer, go to the room's {@code /typing} and {@code /presence} subscriptions
 * respectively, and skip sessions that are backlogged.
 *
 * <p><b>Revocation.</b> A {@code MEMBER_LEFT} event is delivered (the member who left sees it too), then every
 * subscription of that user to the room whose watch started before the event ends, and the session is told. A
 * subscription whose membership check ran before the departure committed but which registers after the event was
 * seen is refused, so that no race lets a former member keep listening. The session is told on its
 * {@code /user/queue/errors} subscriptions (FORBIDDEN, with the subscription id and destination). A subscription whose watch started after
 * the event belongs to a member who came back, and stays.
 *
 * <p><b>Missed departures.</b> A {@code MEMBER_LEFT} broadcast can be lost or come too late (Redis outage, a
 * publication that timed out, pub/sub reconnecting); the stream then skips its seq after the reorder wait. So
 * whenever the stream skips seqs it never saw, the events after them wait until the room's subscribed users have
 * been checked against the members ({@link WatchRoomUseCase#departedWatchers}, on {@code unwatchExecutor}, never
 * under a lock); subscriptions of those who left end as a {@code MEMBER_LEFT} would end them, and only then do the
 * events go out, in order, with those that arrived meanwhile behind them. Likewise a subscription whose watch read
 * a last seq below seqs the stream passed without seeing them (a gap it skipped, or the first watch's start) is
 * checked again before it registers. Whatever the stream did see recorded its departures on the way.
 *
 * <p>Locks: a room's monitor guards its subscriber list and its buffer; a session's monitor guards its
 * subscription ids. A room lock may be held while taking a session lock, never the other way round, and neither
 * is held while calling a use case. Nothing here blocks: deliveries only queue frames, and unwatch calls (which
 * may talk to Redis) and membership checks (which read the database) run on {@code unwatchExecutor}.
 */
final class RoomSubscriptions implements DeliverRoomBroadcastPort {

    private static final Logger log = LoggerFactory.getLogger(RoomSubscriptions.class);

    /** How many departures a room remembers for the registration check; only in-flight watches need them. */
    static final int DEPARTURES_REMEMBERED = 1024;

    static final StompError REVOKED = new StompError(ErrorCode.FORBIDDEN, "no longer a member of this room");

    /** No seq is below this: a room whose stream has not started has passed no seq unseen. */
    private static final long NOTHING_UNSEEN = -1;

    /**
     * Where one session's frames go; both methods return at once, and once the session has closed its frames are
     * dropped. Given when the session opens and carried by each of its room subscriptions, so that a delivery
     * reads a field: looking sessions up by id, in a map of thousands, per subscriber of every event cost 15% of
     * the Redis event loop's CPU at 20,000 deliveries/s, in cache misses.
     */
    interface Recipient {

        /**
         * Queues a MESSAGE frame for one subscription of the session. The frame is encoded once per event and
         * shared by all its subscribers: only the subscription and message-id headers are added per delivery.
         */
        void send(String subscriptionId, OutboundFrame message);

        /** True while writes to the session are backed up: ephemeral broadcasts skip it. */
        boolean backlogged();
    }

    enum Outcome {
        SUBSCRIBED,
        /** The subscription id is already in use in this session; the existing subscription is kept. */
        DUPLICATE_ID,
        /** The session closed (or was never connected); nothing is registered. */
        SESSION_CLOSED,
        /** The user left the room after the membership check; nothing is registered. */
        NO_LONGER_MEMBER,
        /** The session has as many subscriptions as it may have; nothing is registered or watched. */
        TOO_MANY_SUBSCRIPTIONS
    }

    /** Compared by equality in the room's list; {@code recipient} is the session's one, the same object each time. */
    record RoomSubscription(String sessionId, Recipient recipient, String subscriptionId, RoomTopic topic,
            UserId userId, long watchedFromSeq) {

        RoomSubscription {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(userId, "userId");
        }
    }

    private final WatchRoomUseCase watchRooms;
    private final Executor unwatchExecutor;
    private final DelayedTasks timer;
    private final Duration reorderWait;
    private final int reorderMaxPending;
    private final int maxSubscriptionsPerSession;
    private final Map<String, SessionEntry> sessions = new ConcurrentHashMap<>();
    private final Map<RoomId, RoomState> rooms = new ConcurrentHashMap<>();

    RoomSubscriptions(
            WatchRoomUseCase watchRooms,
            Executor unwatchExecutor,
            DelayedTasks timer,
            Duration reorderWait,
            int reorderMaxPending,
            int maxSubscriptionsPerSession) {
        this.watchRooms = watchRooms;
        this.unwatchExecutor = unwatchExecutor;
        this.timer = timer;
        this.reorderWait = reorderWait;
        this.reorderMaxPending = reorderMaxPending;
        this.maxSubscriptionsPerSession = maxSubscriptionsPerSession;
    }

    /** A session that completed CONNECT as {@code caller}; its frames go to {@code recipient}. */
    void openSession(String sessionId, Caller caller, Recipient recipient) {
        sessions.putIfAbsent(sessionId, new SessionEntry(caller, recipient));
    }

    /** Ends every subscription of the session; safe to call again, or for a session never opened. */
    void closeSession(String sessionId) {
        SessionEntry session = sessions.remove(sessionId);
        if (session == null) {
            return;
        }
        List<RoomSubscription> ended = new ArrayList<>();
        synchronized (session) {
            session.closed = true;
            for (Registration registration : session.byId.values()) {
                if (registration instanceof RoomRegistration room) {
                    ended.add(room.subscription());
                }
            }
            session.byId.clear();
        }
        ended.forEach(this::removeFromRoom);
    }

    Outcome subscribeQueue(String sessionId, String subscriptionId, UserQueue queue) {
        Outcome refused = register(sessions.get(sessionId), subscriptionId, new QueueRegistration(queue));
        return refused == null ? Outcome.SUBSCRIBED : refused;
    }

    /** Puts the registration under its id in the session; null when done, otherwise why it was not. */
    private @Nullable Outcome register(
            @Nullable SessionEntry session, String subscriptionId, Registration registration) {
        if (session == null) {
            return Outcome.SESSION_CLOSED;
        }
        synchronized (session) {
            if (session.closed) {
                return Outcome.SESSION_CLOSED;
            }
            Outcome refused = refusal(session, subscriptionId);
            if (refused != null) {
                return refused;
            }
            session.byId.put(subscriptionId, registration);
            return null;
        }
    }

    /**
     * Checks membership and starts the subscription. Blocks while the use case reads the database and joins the
     * room's Redis channel, so callers run it off any shared small pool.
     *
     * @throws RuntimeException whatever {@link WatchRoomUseCase#watchRoom} throws (not a member, no such room,
     *     broadcasts unavailable), or {@link WatchRoomUseCase#departedWatchers} when a re-check is needed, with
     *     nothing registered and the watch undone
     */
    Outcome subscribeRoom(String sessionId, String subscriptionId, RoomTopic topic) {
        SessionEntry session = sessions.get(sessionId);
        Reservation reservation = new Reservation();
        Outcome notRegistered = register(session, subscriptionId, reservation);
        if (notRegistered != null) {
            return notRegistered; // a missing session included: from here on it is there
        }
        RoomState room = reserveRoom(topic.roomId());
        RoomWatch watch;
        try {
            watch = watchRooms.watchRoom(new WatchRoomCommand(session.caller, topic.roomId()));
        } catch (RuntimeException refused) {
            endReservation(room);
            synchronized (session) {
                session.byId.remove(subscriptionId, reservation);
            }
            throw refused;
        }
        UserId userId = session.caller.id();
        var subscription =
                new RoomSubscription(sessionId, session.recipient, subscriptionId, topic, userId, watch.lastSeq());
        long membershipCheckedThrough = watch.lastSeq();
        Outcome outcome;
        while (true) {
            long unseenThrough;
            synchronized (room) {
                unseenThrough = room.unseenThrough;
                if (unseenThrough <= membershipCheckedThrough) {
                    outcome = register(room, session, subscription, reservation);
                    break;
                }
            }
            // The stream passed seqs that this watch's membership check did not see and the stream did not see
            // either: one of them can be this user's departure. Everything up to them had committed before now.
            boolean departed;
            try {
                departed = watchRooms.departedWatchers(new RoomWatchersQuery(topic.roomId(), Set.of(userId)))
                        .contains(userId);
            } catch (RuntimeException checkFailed) {
                // Nothing is delivered yet, so failing closed costs only this SUBSCRIBE, which the client retries.
                abandon(room, session, subscriptionId, reservation);
                throw checkFailed;
            }
            if (departed) {
                abandon(room, session, subscriptionId, reservation);
                return Outcome.NO_LONGER_MEMBER;
            }
            // Skipped again meanwhile? Then the loop checks again: a skip while this check ran was not seen by it.
            membershipCheckedThrough = unseenThrough;
        }
        if (outcome != Outcome.SUBSCRIBED) {
            synchronized (session) {
                session.byId.remove(subscriptionId, reservation);
            }
            unwatchLater(topic.roomId());
        }
        return outcome;
    }

    /** Under the session's lock: why a new subscription id cannot be taken, or null when it can. */
    private @Nullable Outcome refusal(SessionEntry session, String subscriptionId) {
        if (session.byId.containsKey(subscriptionId)) {
            return Outcome.DUPLICATE_ID;
        }
        // Each room event loops over the room's subscriptions under its lock: one session must not make that long.
        if (session.byId.size() >= maxSubscriptionsPerSession) {
            return Outcome.TOO_MANY_SUBSCRIPTIONS;
        }
        return null;
    }

    /** Under the room's lock: the watch is done and checked, the subscription joins the room unless too late. */
    private Outcome register(
            RoomState room, SessionEntry session, RoomSubscription subscription, Reservation reservation) {
        room.pendingWatches--;
        long lastSeq = subscription.watchedFromSeq();
        Outcome outcome;
        Long departedAt = room.departures.get(subscription.userId());
        if (departedAt != null && departedAt > lastSeq) {
            outcome = Outcome.NO_LONGER_MEMBER;
        } else {
            synchronized (session) {
                boolean stillWanted = !session.closed && session.byId.get(subscription.subscriptionId()) == reservation;
                if (stillWanted) {
                    session.byId.put(subscription.subscriptionId(), new RoomRegistration(subscription));
                }
                outcome = stillWanted ? Outcome.SUBSCRIBED : Outcome.SESSION_CLOSED;
            }
        }
        if (outcome == Outcome.SUBSCRIBED) {
            room.add(subscription);
            if (!room.sequencer.started()) {
                // Seqs up to the start were not seen by the stream: a later watch that read less is checked again.
                room.unseenThrough = lastSeq;
                room.sequencer.start(lastSeq);
            }
        } else {
            retireIfIdle(room);
        }
        return outcome;
    }

    /** A watch that succeeded but whose subscription is refused: free everything it holds, unwatch it. */
    private void abandon(RoomState room, SessionEntry session, String subscriptionId, Reservation reservation) {
        endReservation(room);
        synchronized (session) {
            session.byId.remove(subscriptionId, reservation);
        }
        unwatchLater(room.roomId);
    }

    /** Ends one subscription; an unknown id is ignored, as STOMP expects. */
    void unsubscribe(String sessionId, String subscriptionId) {
        SessionEntry session = sessions.get(sessionId);
        if (session == null) {
            return;
        }
        Registration removed;
        synchronized (session) {
            removed = session.byId.remove(subscriptionId);
        }
        if (removed instanceof RoomRegistration room) {
            removeFromRoom(room.subscription());
        }
    }

    /** The session's subscription ids for one of its queues, in no particular order. */
    List<String> queueSubscriptions(String sessionId, UserQueue queue) {
        SessionEntry session = sessions.get(sessionId);
        if (session == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(1);
        synchronized (session) {
            session.byId.forEach((id, registration) -> {
                if (registration instanceof QueueRegistration(UserQueue subscribed) && subscribed == queue) {
                    ids.add(id);
                }
            });
        }
        return ids;
    }

    /** Rooms with state on this instance: subscribed, or a subscription being set up. */
    int roomCount() {
        return rooms.size();
    }

    @Override
    public void deliver(RoomBroadcast broadcast) {
        RoomState room = rooms.get(broadcast.roomId());
        if (room == null) {
            return;
        }
        switch (broadcast.kind()) {
            case TYPING -> deliverEphemeral(room, broadcast, TopicKind.TYPING);
            case PRESENCE -> deliverEphemeral(room, broadcast, TopicKind.PRESENCE);
            case ROOM_EVENT -> {
                synchronized (room) {
                    if (room.retired) {
                        return;
                    }
                    UserId departed = broadcast.departedMember();
                    if (departed != null) {
                        room.departures.merge(departed, broadcast.seq(), Math::max);
                        if (room.sequencer.started() && broadcast.seq() < room.sequencer.nextSeq()) {
                            // Too late to deliver, not too late to end what it ended; unless it is a repeat of one
                            // waiting for a membership check, which ends them in its turn, after it reached them.
                            if (!room.holds(broadcast.seq())) {
                                revoke(room, departed, broadcast.seq());
                            }
                            return;
                        }
                    }
                    room.sequencer.offer(broadcast.seq(), broadcast);
                }
            }
        }
    }

    /** The sequencer's sink, under the room's lock: events wait behind a membership check that is due. */
    private void released(RoomState room, RoomBroadcast event) {
        if (room.checking || !room.held.isEmpty()) {
            hold(room, event);
        } else {
            deliverInOrder(room, event);
        }
    }

    /**
     * Under the room's lock, before the events after a gap the stream skips reach {@link #released}: the gap may
     * have been a departure, so they wait for a check of the subscribed users. A check already under way does not
     * cover it (it may have read the members before the gap committed): another one follows.
     */
    private void gapSkipped(RoomState room, long lastSkipped) {
        log.debug("Room {}: delivering past seq {}, which did not arrive within the reorder wait; subscribers sync",
                room.roomId, lastSkipped);
        room.unseenThrough = Math.max(room.unseenThrough, lastSkipped);
        if (!(room.held.peekLast() instanceof MembershipCheck)) {
            room.held.add(new MembershipCheck());
        }
        releaseHeld(room);
    }

    private void hold(RoomState room, RoomBroadcast event) {
        room.held.add(new HeldEvent(event));
        if (++room.heldEvents > reorderMaxPending) {
            dropOldestHeld(room);
        }
    }

    /**
     * The check is slow (the database is): drop rather than hold without bound. The oldest go, so that what is
     * delivered at last is the latest, and its jump in seq makes subscribers sync; a departure among those dropped
     * still ends, now, the subscriptions it ended.
     */
    private void dropOldestHeld(RoomState room) {
        for (Iterator<Held> items = room.held.iterator(); items.hasNext(); ) {
            if (items.next() instanceof HeldEvent(RoomBroadcast dropped)) {
                items.remove();
                room.heldEvents--;
                if (room.droppedWhileChecking++ == 0) {
                    log.warn("Membership check of room {} is slow; dropping its oldest events until it is done",
                            room.roomId);
                }
                UserId departed = dropped.departedMember();
                if (departed != null) {
                    revoke(room, departed, dropped.seq());
                }
                return;
            }
        }
    }

    /** Under the room's lock: hands on held events in order until a membership check is due, and starts it. */
    private void releaseHeld(RoomState room) {
        while (!room.retired && !room.checking && !room.held.isEmpty()) {
            switch (room.held.poll()) {
                case HeldEvent(RoomBroadcast event) -> {
                    room.heldEvents--;
                    deliverInOrder(room, event);
                }
                case MembershipCheck check -> startMembershipCheck(room);
            }
        }
    }

    /** Under the room's lock. The check runs on the executor: it reads the database, and the lock is shared. */
    private void startMembershipCheck(RoomState room) {
        List<RoomSubscription> checked = room.subscriptions;
        if (checked.isEmpty()) {
            return;
        }
        Set<UserId> users = checked.stream().map(RoomSubscription::userId).collect(Collectors.toUnmodifiableSet());
        room.checking = true;
        try {
            unwatchExecutor.execute(() -> finishMembershipCheck(room, checked, departedAmong(room.roomId, users)));
        } catch (RejectedExecutionException shuttingDown) {
            // The instance is stopping and its sessions with it: nothing left worth holding events for.
            log.debug("Membership check of room {} not run: shutting down", room.roomId);
            room.checking = false;
        }
    }

    /**
     * When the check fails (the database is unreachable) the events are delivered anyway, with a WARN, rather than
     * held or dropped. Failing closed would take the live stream from every member of the room for as long as the
     * database is down, and the sync that recovers dropped events needs that same database; what failing open can
     * leak is bounded, since nothing commits meanwhile: a departed member may receive the events committed between
     * their departure and the outage.
     */
    private Set<UserId> departedAmong(RoomId roomId, Set<UserId> users) {
        try {
            return watchRooms.departedWatchers(new RoomWatchersQuery(roomId, users));
        } catch (RuntimeException checkFailed) {
            log.warn("Could not check the members of room {} after a gap in its events; delivering anyway",
                    roomId, checkFailed);
            return Set.of();
        }
    }

    private void finishMembershipCheck(RoomState room, List<RoomSubscription> checked, Set<UserId> departed) {
        synchronized (room) {
            room.checking = false;
            room.droppedWhileChecking = 0;
            if (room.retired) {
                return;
            }
            if (!departed.isEmpty()) {
                // Only those checked: a subscription made since had its own membership check after the gap.
                Set<RoomSubscription> wereChecked = new HashSet<>(checked);
                revoke(room, subscription -> departed.contains(subscription.userId())
                        && wereChecked.contains(subscription));
            }
            releaseHeld(room);
        }
    }

    /** Runs under the room's lock, in seq order. */
    private void deliverInOrder(RoomState room, RoomBroadcast event) {
        OutboundFrame message = null;
        for (RoomSubscription subscription : room.subscriptions) {
            // A subscription made after this event committed but before its broadcast arrived starts after it:
            // the client has it (or syncs it) already, and "every event after the RECEIPT" is what it was promised.
            if (subscription.topic().kind() == TopicKind.EVENTS && event.seq() > subscription.watchedFromSeq()) {
                if (message == null) {
                    message = OutboundFrame.message(subscription.topic().destination(), event.json());
                }
                send(subscription, message);
            }
        }
        UserId departed = event.departedMember();
        if (departed != null) {
            revoke(room, departed, event.seq());
        }
    }

    private void deliverEphemeral(RoomState room, RoomBroadcast broadcast, TopicKind kind) {
        OutboundFrame message = null;
        for (RoomSubscription subscription : room.subscriptions) {
            if (subscription.topic().kind() == kind && !subscription.recipient().backlogged()) {
                if (message == null) {
                    message = OutboundFrame.message(subscription.topic().destination(), broadcast.json());
                }
                send(subscription, message);
            }
        }
    }

    private void send(RoomSubscription subscription, OutboundFrame message) {
        try {
            subscription.recipient().send(subscription.subscriptionId(), message);
        } catch (RuntimeException failed) {
            // One session's trouble must not cost the others their delivery.
            log.warn("Delivery to session {} failed", subscription.sessionId(), failed);
        }
    }

    /** Under the room's lock: ends the user's subscriptions that started before the departure at {@code seq}. */
    private void revoke(RoomState room, UserId userId, long seq) {
        revoke(room, subscription -> subscription.userId().equals(userId) && subscription.watchedFromSeq() < seq);
    }

    /** Under the room's lock: ends the room's subscriptions of users who are no longer members, and tells them. */
    private void revoke(RoomState room, Predicate<RoomSubscription> departed) {
        List<RoomSubscription> ended = new ArrayList<>();
        for (RoomSubscription subscription : room.subscriptions) {
            if (departed.test(subscription)) {
                ended.add(subscription);
            }
        }
        if (ended.isEmpty()) {
            return;
        }
        for (RoomSubscription subscription : ended) {
            room.remove(subscription);
            unwatchLater(room.roomId);
            SessionEntry session = sessions.get(subscription.sessionId());
            if (session == null) {
                continue;
            }
            List<String> errorQueues = new ArrayList<>(1);
            synchronized (session) {
                session.byId.remove(subscription.subscriptionId(), new RoomRegistration(subscription));
                session.byId.forEach((id, registration) -> {
                    if (registration instanceof QueueRegistration(UserQueue queue) && queue == UserQueue.ERRORS) {
                        errorQueues.add(id);
                    }
                });
            }
            if (errorQueues.isEmpty()) {
                continue;
            }
            OutboundFrame error = OutboundFrame.message(UserQueue.ERRORS.destination(),
                    Replies.error(REVOKED, null, subscription.topic().destination(), subscription.subscriptionId()));
            for (String errorQueue : errorQueues) {
                subscription.recipient().send(errorQueue, error);
            }
        }
        retireIfIdle(room);
    }

    private void removeFromRoom(RoomSubscription subscription) {
        RoomState room = rooms.get(subscription.topic().roomId());
        if (room == null) {
            return;
        }
        boolean removed;
        synchronized (room) {
            removed = room.remove(subscription);
            if (removed) {
                retireIfIdle(room);
            }
        }
        if (removed) {
            unwatchLater(room.roomId);
        }
    }

    private RoomState reserveRoom(RoomId roomId) {
        while (true) {
            RoomState room = rooms.computeIfAbsent(roomId, RoomState::new);
            synchronized (room) {
                if (!room.retired) {
                    room.pendingWatches++;
                    return room;
                }
            }
            // Retired between lookup and lock: it is leaving the map; take (or make) the next one.
            rooms.remove(roomId, room);
        }
    }

    private void endReservation(RoomState room) {
        synchronized (room) {
            room.pendingWatches--;
            retireIfIdle(room);
        }
    }

    /** Under the room's lock. */
    private void retireIfIdle(RoomState room) {
        if (room.pendingWatches == 0 && room.subscriptions.isEmpty() && !room.retired) {
            room.retired = true;
            room.sequencer.close();
            room.held.clear();
            room.heldEvents = 0;
            rooms.remove(room.roomId, room);
        }
    }

    private void unwatchLater(RoomId roomId) {
        try {
            unwatchExecutor.execute(() -> {
                try {
                    watchRooms.unwatchRoom(new UnwatchRoomCommand(roomId));
                } catch (RuntimeException failed) {
                    log.warn("Unwatching room {} failed", roomId, failed);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // The instance is stopping: its listening ends with it.
            log.debug("Unwatch of room {} not run: shutting down", roomId);
        }
    }

    private final class RoomState {

        private final RoomId roomId;
        private final ReorderBuffer<RoomBroadcast> sequencer;
        private final Map<UserId, Long> departures = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UserId, Long> eldest) {
                return size() > DEPARTURES_REMEMBERED;
            }
        };
        /** Events the sequencer released that wait behind a membership check, and the checks due, in order. */
        private final ArrayDeque<Held> held = new ArrayDeque<>();
        /** Replaced, never changed in place: typing and presence delivery read it without the lock. */
        private volatile List<RoomSubscription> subscriptions = List.of();
        private int pendingWatches;
        private boolean retired;
        private int heldEvents;
        private int droppedWhileChecking;
        /** A membership check is running; {@link #held} waits for it. */
        private boolean checking;
        /** The highest seq the stream moved past without seeing it: its start, or a gap it skipped. */
        private long unseenThrough = NOTHING_UNSEEN;

        RoomState(RoomId roomId) {
            this.roomId = roomId;
            DelayedTasks underThisLock = (delay, task) -> timer.schedule(delay, () -> {
                synchronized (this) {
                    if (!retired) {
                        task.run();
                    }
                }
            });
            this.sequencer = new ReorderBuffer<>(reorderWait, reorderMaxPending, underThisLock,
                    event -> released(this, event), lastSkipped -> gapSkipped(this, lastSkipped));
        }

        /** True when an event of this seq waits behind a membership check. */
        boolean holds(long seq) {
            for (Held item : held) {
                if (item instanceof HeldEvent(RoomBroadcast event) && event.seq() == seq) {
                    return true;
                }
            }
            return false;
        }

        void add(RoomSubscription subscription) {
            List<RoomSubscription> next = new ArrayList<>(subscriptions);
            next.add(subscription);
            subscriptions = List.copyOf(next);
        }

        boolean remove(RoomSubscription subscription) {
            List<RoomSubscription> next = new ArrayList<>(subscriptions);
            boolean removed = next.remove(subscription);
            if (removed) {
                subscriptions = List.copyOf(next);
            }
            return removed;
        }
    }

    private static final class SessionEntry {

        private final Caller caller;
        private final Recipient recipient;
        private final Map<String, Registration> byId = new HashMap<>();
        private boolean closed;

        SessionEntry(Caller caller, Recipient recipient) {
            this.caller = caller;
            this.recipient = recipient;
        }
    }

    private sealed interface Held permits HeldEvent, MembershipCheck {
    }

    private record HeldEvent(RoomBroadcast event) implements Held {
    }

    /** The subscribed users must be checked against the members before what follows goes out. */
    private record MembershipCheck() implements Held {
    }

    private sealed interface Registration permits Reservation, QueueRegistration, RoomRegistration {
    }

    /** A room subscription whose watch is in progress: holds the id, compared by identity. */
    private static final class Reservation implements Registration {
    }

    private record QueueRegistration(UserQueue queue) implements Registration {
    }

    private record RoomRegistration(RoomSubscription subscription) implements Registration {
    }

    @Override
    public String toString() {
        return "RoomSubscriptions[rooms=" + rooms.size() + ", sessions=" + sessions.size() + "]";
    }
}
