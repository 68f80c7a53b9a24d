package io.chatservice.application.service;

import io.chatservice.application.port.in.RoomWatch;
import io.chatservice.application.port.in.RoomWatchersQuery;
import io.chatservice.application.port.in.TypingCommand;
import io.chatservice.application.port.in.TypingUseCase;
import io.chatservice.application.port.in.UnwatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomUseCase;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomAccess;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Live subscriptions to rooms and typing indicators: the real-time side, which stores nothing. */
public final class RealtimeService implements WatchRoomUseCase, TypingUseCase {

    /**
     * How long a confirmed membership lets a member's typing signals through without another database read.
     * Typing signals come every few seconds while someone types; a member removed meanwhile may still show as
     * typing for at most this long, which reveals nothing they could not see a moment ago.
     */
    static final Duration TYPING_MEMBERSHIP_TTL = Duration.ofSeconds(10);

    /** Bounds the cache; when full it starts over, which costs one read per active typist. */
    static final int TYPING_MEMBERSHIP_CACHE_LIMIT = 100_000;

    private final RoomAccessPort rooms;
    private final RoomEventFeedPort feed;
    private final PublishTypingPort typingPublisher;
    private final TransactionPort transactions;
    private final Clock clock;
    private final Map<MemberKey, Instant> typingMembershipUntil = new ConcurrentHashMap<>();

    public RealtimeService(
            RoomAccessPort rooms,
            RoomEventFeedPort feed,
            PublishTypingPort typingPublisher,
            TransactionPort transactions,
            Clock clock) {
        this.rooms = rooms;
        this.feed = feed;
        this.typingPublisher = typingPublisher;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public RoomWatch watchRoom(WatchRoomCommand command) {
        RoomId roomId = command.roomId();
        // Listen before reading the last seq: an event committed after the read is then certain to arrive, so
        // the seq returned is a safe place for the live stream to start.
        Unavailable.translate(() -> feed.listen(roomId));
        try {
            RoomAccess access = transactions.readOnly(
                    () -> Rooms.requireMember(rooms, roomId, command.caller().id()));
            return new RoomWatch(roomId, access.lastSeq());
        } catch (RuntimeException notAllowed) {
            feed.stopListening(roomId);
            throw notAllowed;
        }
    }

    @Override
    public void unwatchRoom(UnwatchRoomCommand command) {
        feed.stopListening(command.roomId());
    }

    @Override
    public Set<UserId> departedWatchers(RoomWatchersQuery query) {
        if (query.watchers().isEmpty()) {
            return Set.of();
        }
        return transactions.readOnly(() -> query.watchers().stream()
                .filter(watcher -> !rooms.loadAccess(query.roomId(), watcher).map(RoomAccess::isMember).orElse(false))
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public void typing(TypingCommand command) {
        MemberKey key = new MemberKey(command.roomId(), command.caller().id());
        Instant now = clock.instant();
        Instant confirmedUntil = typingMembershipUntil.get(key);
        if (confirmedUntil == null || !now.isBefore(confirmedUntil)) {
            transactions.readOnly(() -> Rooms.requireMember(rooms, command.roomId(), command.caller().id()));
            if (typingMembershipUntil.size() >= TYPING_MEMBERSHIP_CACHE_LIMIT) {
                typingMembershipUntil.clear();
            }
            typingMembershipUntil.put(key, now.plus(TYPING_MEMBERSHIP_TTL));
        }
        Unavailable.translate(
                () -> typingPublisher.publishTyping(command.roomId(), command.caller().id(), command.typing()));
    }

    private record MemberKey(RoomId roomId, UserId userId) {
    }
}
