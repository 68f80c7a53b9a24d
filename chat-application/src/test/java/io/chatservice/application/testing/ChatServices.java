package io.chatservice.application.testing;

import io.chatservice.application.service.MessageService;
import io.chatservice.application.service.PresenceService;
import io.chatservice.application.service.ReadMarkerService;
import io.chatservice.application.service.RealtimeService;
import io.chatservice.application.service.RoomService;
import io.chatservice.application.service.TimelineService;

/**
 * The application services wired over the in-memory fakes, the way bootstrap wires them over the real
 * adapters. Each instance has its own store, so tests do not share state.
 */
public final class ChatServices {

    private final MutableClock clock;
    private final InMemoryChatStore store = new InMemoryChatStore();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final InMemoryTransactions transactions = new InMemoryTransactions(store, events);
    private final RoomService rooms;
    private final MessageService messages;
    private final TimelineService timeline;
    private final ReadMarkerService readMarkers;
    private final RecordingBroadcasts broadcasts = new RecordingBroadcasts();
    private final ScriptedRateLimit rateLimit = new ScriptedRateLimit();
    private final RealtimeService realtime;
    private final PresenceService presence;

    private ChatServices(MutableClock clock) {
        this.clock = clock;
        this.rooms = new RoomService(store, store, store, store, events, transactions, clock);
        this.messages = new MessageService(store, store, store, events, transactions, rateLimit, clock);
        this.timeline = new TimelineService(store, store, transactions);
        this.readMarkers = new ReadMarkerService(store, store, store, transactions);
        this.realtime = new RealtimeService(store, broadcasts, broadcasts, transactions, clock);
        this.presence = new PresenceService(broadcasts, broadcasts, store, store, transactions);
    }

    /** Services over fresh fakes, with a clock standing at {@link MutableClock#DEFAULT_START}. */
    public static ChatServices create() {
        return new ChatServices(new MutableClock());
    }

    public static ChatServices create(MutableClock clock) {
        return new ChatServices(clock);
    }

    /** Create, join, add, remove, get and list rooms. */
    public RoomService rooms() {
        return rooms;
    }

    /** Send, edit and delete messages. */
    public MessageService messages() {
        return messages;
    }

    /** History pages and reconnect sync. */
    public TimelineService timeline() {
        return timeline;
    }

    /** Read markers and unread counts. */
    public ReadMarkerService readMarkers() {
        return readMarkers;
    }

    /** Room watches for live subscriptions, and typing. */
    public RealtimeService realtime() {
        return realtime;
    }

    /** Connections opened and closed, and who is online in a room. */
    public PresenceService presence() {
        return presence;
    }

    /** What the real-time and presence services asked of the fan-out. */
    public RecordingBroadcasts broadcasts() {
        return broadcasts;
    }

    /** The message rate limit the message service asks; allows everything until told otherwise. */
    public ScriptedRateLimit rateLimit() {
        return rateLimit;
    }

    public InMemoryChatStore store() {
        return store;
    }

    public RecordingEventPublisher events() {
        return events;
    }

    public InMemoryTransactions transactions() {
        return transactions;
    }

    public MutableClock clock() {
        return clock;
    }
}
