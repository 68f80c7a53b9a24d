package io.chatservice.application.service;

import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.GetPresenceUseCase;
import io.chatservice.application.port.in.PresenceQuery;
import io.chatservice.application.port.in.PresenceUseCase;
import io.chatservice.application.port.in.RoomPresence;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.PresencePort;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Who is online: connections counted across instances, and the rooms told when a member comes or goes. */
public final class PresenceService implements PresenceUseCase, GetPresenceUseCase {

    static final int MAX_ANNOUNCE_ROUNDS = 3;

    private final PresencePort presence;
    private final PublishPresencePort publisher;
    private final RoomAccessPort roomAccess;
    private final LoadRoomPort loadRoom;
    private final TransactionPort transactions;

    public PresenceService(
            PresencePort presence,
            PublishPresencePort publisher,
            RoomAccessPort roomAccess,
            LoadRoomPort loadRoom,
            TransactionPort transactions) {
        this.presence = presence;
        this.publisher = publisher;
        this.roomAccess = roomAccess;
        this.loadRoom = loadRoom;
        this.transactions = transactions;
    }

    @Override
    public void connectionOpened(ConnectionCommand command) {
        UserId user = command.caller().id();
        if (Unavailable.translate(() -> presence.connectionOpened(user, command.connectionId()))) {
            announce(user, true);
        }
    }

    @Override
    public void connectionClosed(ConnectionCommand command) {
        UserId user = command.caller().id();
        if (Unavailable.translate(() -> presence.connectionClosed(user, command.connectionId()))) {
            announce(user, false);
        }
    }

    @Override
    public RoomPresence getPresence(PresenceQuery query) {
        Set<UserId> members = transactions.readOnly(() -> {
            Room room = Rooms.requireMemberOf(loadRoom, query.roomId(), query.caller().id());
            return room.members().stream().map(Member::userId).collect(Collectors.toUnmodifiableSet());
        });
        List<UserId> online = Unavailable.translate(() -> presence.onlineAmong(members)).stream()
                .sorted(Comparator.comparing(UserId::value))
                .toList();
        return new RoomPresence(query.roomId(), online);
    }

    /**
     * Tells every room of the user (read after the change: a room joined meanwhile is told too), then checks that
     * what it told is still true. A user who closes the last connection and opens a new one (here or on another
     * instance) while the first announcement is still going out has two announcements racing room by room; the
     * one that finds the state changed under it tells the rooms again, so the last word is the current state.
     * Bounded: a user who keeps flapping is settled by their next transition anyway.
     */
    private void announce(UserId user, boolean online) {
        boolean told = online;
        for (int round = 0; round < MAX_ANNOUNCE_ROUNDS; round++) {
            List<RoomId> rooms = transactions.readOnly(() -> roomAccess.roomIdsOf(user));
            boolean state = told;
            Unavailable.translate(() -> publisher.publishPresence(rooms, user, state));
            boolean now = Unavailable.translate(() -> presence.onlineAmong(Set.of(user))).contains(user);
            if (now == told) {
                return;
            }
            told = now;
        }
    }
}
