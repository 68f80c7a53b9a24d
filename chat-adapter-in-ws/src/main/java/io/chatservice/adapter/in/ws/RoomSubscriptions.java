package io.chatservice.adapter.in.ws;

import io.chatservice.adapter.in.ws.Destinations.RoomTopic;
import io.chatservice.adapter.in.ws.Destinations.TopicKind;
import io.chatservice.adapter.in.ws.Destinations.UserQueue;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.RoomWatch;
import io.chatservice.application.port.in.UnwatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomUseCase;
import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * them in seq order, each once. Broadcasts for rooms without state are dropped at once. Typing skips the buffer
 * and skips sessions that are backlogged.
 *
 * <p><b>Revocation.</b> A {@code MEMBER_LEFT} event is delivered (the member who left sees it too), then every
 * subscription of that user to the room whose watch started before the event ends, and the session is told. A
 * subscription whose membership check ran before the departure committed but which registers after the event was
 * seen is refused, so that no race lets a former member keep listening. The session is told on its
 * {@code /user/queue/errors} subscriptions (FORBIDDEN, with the subscription id and destination). A subscription whose watch started after
 * the event belongs to a member who came back, and stays.
 *
 * <p>Locks: a room's monitor guards its subscriber list and its buffer; a session's monitor guards its
 * subscription ids. A room lock may be held while taking a session lock, never the other way round, and neither
 * is held while calling a use case. Nothing here blocks: deliveries only queue frames, and unwatch calls (which
 * may talk to Redis) run on {@code unwatchExecutor}.
 */
final class RoomSubscriptions implements DeliverRoomBroadcastPort {

    private static final Logger log = LoggerFactory.getLogger(RoomSubscriptions.class);

    /** How many departures a room remembers for the registration check; only in-flight watches need them. */
    static final int DEPARTURES_REMEMBERED = 1024;

    static final StompError REVOKED = new StompError(ErrorCode.FORBIDDEN, "no longer a member of this room");

    /** Where frames for this instance's sessions go; both methods return at once. */
    interface Deliveries {

        /** Queues a MESSAGE frame for one subscription of a session. */
        void send(String sessionId, String subscriptionId, String destination, byte[] json);

        /** True while writes to the session are backed up: ephemeral broadcasts skip it. */
        boolean backlogged(String sessionId);
    }

    enum Outcome {
        SUBSCRIBED,
        /** The subscription id is already in use in this session; the existing subscription is kept. */
        DUPLICATE_ID,
        /** The session closed (or was never connected); nothing is registered. */
        SESSION_CLOSED,
        /** The user left the room after the membership check; nothing is registered. */
        NO_LONGER_MEMBER
    }

    record RoomSubscription(
            String sessionId, String subscriptionId, RoomTopic topic, UserId userId, long watchedFromSeq) {

        RoomSubscription {
            Objects.requireNonNull(sessionId, "sessionId");
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
    private final Deliveries deliveries;
    private final Map<String, SessionEntry> sessions = new ConcurrentHashMap<>();
    private final Map<RoomId, RoomState> rooms = new ConcurrentHashMap<>();

    RoomSubscriptions(
            WatchRoomUseCase watchRooms,
            Executor unwatchExecutor,
            DelayedTasks timer,
            Duration reorderWait,
            int reorderMaxPending,
            Deliveries deliveries) {
        this.watchRooms = watchRooms;
        this.unwatchExecutor = unwatchExecutor;
        this.timer = timer;
        this.reorderWait = reorderWait;
        this.reorderMaxPending = reorderMaxPending;
        this.deliveries = deliveries;
    }

    /** A session that completed CONNECT as {@code caller}. */
    void openSession(String sessionId, Caller caller) {
        sessions.putIfAbsent(sessionId, new SessionEntry(caller));
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
        SessionEntry session = sessions.get(sessionId);
        if (session == null) {
            return Outcome.SESSION_CLOSED;
        }
        synchronized (session) {
            if (session.closed) {
                return Outcome.SESSION_CLOSED;
            }
            if (session.byId.putIfAbsent(subscriptionId, new QueueRegistration(queue)) != null) {
                return Outcome.DUPLICATE_ID;
            }
            return Outcome.SUBSCRIBED;
        }
    }

    /**
     * Checks membership and starts the subscription. Blocks while the use case reads the database and joins the
     * room's Redis channel, so callers run it off any shared small pool.
     *
     * @throws RuntimeException whatever {@link WatchRoomUseCase#watchRoom} throws (not a member, no such room,
     *     broadcasts unavailable), with nothing registered
     */
    Outcome subscribeRoom(String sessionId, String subscriptionId, RoomTopic topic) {
        SessionEntry session = sessions.get(sessionId);
        if (session == null) {
            return Outcome.SESSION_CLOSED;
        }
        Reservation reservation = new Reservation();
        synchronized (session) {
            if (session.closed) {
                return Outcome.SESSION_CLOSED;
            }
            if (session.byId.putIfAbsent(subscriptionId, reservation) != null) {
                return Outcome.DUPLICATE_ID;
            }
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
        var subscription = new RoomSubscription(sessionId, subscriptionId, topic, userId, watch.lastSeq());
        Outcome outcome;
        synchronized (room) {
            room.pendingWatches--;
            Long departedAt = room.departures.get(userId);
            if (departedAt != null && departedAt > watch.lastSeq()) {
                outcome = Outcome.NO_LONGER_MEMBER;
            } else {
                synchronized (session) {
                    boolean stillWanted = !session.closed && session.byId.get(subscriptionId) == reservation;
                    if (stillWanted) {
                        session.byId.put(subscriptionId, new RoomRegistration(subscription));
                    }
                    outcome = stillWanted ? Outcome.SUBSCRIBED : Outcome.SESSION_CLOSED;
                }
            }
            if (outcome == Outcome.SUBSCRIBED) {
                room.add(subscription);
                room.sequencer.start(watch.lastSeq());
            } else {
                retireIfIdle(room);
            }
        }
        if (outcome != Outcome.SUBSCRIBED) {
            synchronized (session) {
                session.byId.remove(subscriptionId, reservation);
            }
            unwatchLater(topic.roomId());
        }
        return outcome;
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
            case ROOM_EVENT -> {
                synchronized (room) {
                    if (room.retired) {
                        return;
                    }
                    UserId departed = broadcast.departedMember();
                    if (departed != null) {
                        room.departures.merge(departed, broadcast.seq(), Math::max);
                        if (room.sequencer.started() && broadcast.seq() < room.sequencer.nextSeq()) {
                            // Too late to deliver, not too late to end what it ended.
                            revoke(room, departed, broadcast.seq());
                            return;
                        }
                    }
                    room.sequencer.offer(broadcast.seq(), broadcast);
                }
            }
        }
    }

    /** Runs under the room's lock, in seq order (the buffer's sink). */
    private void deliverInOrder(RoomState room, RoomBroadcast event) {
        byte[] json = event.json().getBytes(StandardCharsets.UTF_8);
        for (RoomSubscription subscription : room.subscriptions) {
            if (subscription.topic().kind() == TopicKind.EVENTS) {
                send(subscription, json);
            }
        }
        UserId departed = event.departedMember();
        if (departed != null) {
            revoke(room, departed, event.seq());
        }
    }

    private void deliverEphemeral(RoomState room, RoomBroadcast broadcast, TopicKind kind) {
        byte[] json = null;
        for (RoomSubscription subscription : room.subscriptions) {
            if (subscription.topic().kind() == kind && !deliveries.backlogged(subscription.sessionId())) {
                if (json == null) {
                    json = broadcast.json().getBytes(StandardCharsets.UTF_8);
                }
                send(subscription, json);
            }
        }
    }

    private void send(RoomSubscription subscription, byte[] json) {
        try {
            deliveries.send(subscription.sessionId(), subscription.subscriptionId(),
                    subscription.topic().destination(), json);
        } catch (RuntimeException failed) {
            // One session's trouble must not cost the others their delivery.
            log.warn("Delivery to session {} failed", subscription.sessionId(), failed);
        }
    }

    /** Under the room's lock: ends the user's subscriptions that started before the departure at {@code seq}. */
    private void revoke(RoomState room, UserId userId, long seq) {
        List<RoomSubscription> ended = new ArrayList<>();
        for (RoomSubscription subscription : room.subscriptions) {
            if (subscription.userId().equals(userId) && subscription.watchedFromSeq() < seq) {
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
            byte[] error = Replies.error(REVOKED, null, subscription.topic().destination(),
                    subscription.subscriptionId());
            for (String errorQueue : errorQueues) {
                deliveries.send(subscription.sessionId(), errorQueue, UserQueue.ERRORS.destination(), error);
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
        /** Replaced, never changed in place: typing delivery reads it without the lock. */
        private volatile List<RoomSubscription> subscriptions = List.of();
        private int pendingWatches;
        private boolean retired;

        RoomState(RoomId roomId) {
            this.roomId = roomId;
            DelayedTasks underThisLock = (delay, task) -> timer.schedule(delay, () -> {
                synchronized (this) {
                    if (!retired) {
                        task.run();
                    }
                }
            });
            this.sequencer = new ReorderBuffer<>(
                    reorderWait, reorderMaxPending, underThisLock, event -> deliverInOrder(this, event));
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
        private final Map<String, Registration> byId = new HashMap<>();
        private boolean closed;

        SessionEntry(Caller caller) {
            this.caller = caller;
        }
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
