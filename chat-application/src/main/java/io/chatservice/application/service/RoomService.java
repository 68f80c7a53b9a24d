package io.chatservice.application.service;

import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.AddMemberUseCase;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.GetRoomQuery;
import io.chatservice.application.port.in.GetRoomUseCase;
import io.chatservice.application.port.in.JoinRoomCommand;
import io.chatservice.application.port.in.JoinRoomUseCase;
import io.chatservice.application.port.in.ListRoomsQuery;
import io.chatservice.application.port.in.ListRoomsUseCase;
import io.chatservice.application.port.in.RemoveMemberCommand;
import io.chatservice.application.port.in.RemoveMemberUseCase;
import io.chatservice.application.port.in.RoomDetails;
import io.chatservice.application.port.in.RoomSummary;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** Rooms and membership: each change locks the room, records its events, saves and publishes them. */
public final class RoomService
        implements CreateRoomUseCase, JoinRoomUseCase, AddMemberUseCase, RemoveMemberUseCase, GetRoomUseCase,
                ListRoomsUseCase {

    private final LoadRoomPort loadRoom;
    private final SaveRoomPort saveRoom;
    private final SaveMessagePort saveMessage;
    private final ReadMarkerPort readMarkers;
    private final PublishRoomEventsPort publishEvents;
    private final TransactionPort transactions;
    private final Clock clock;

    public RoomService(
            LoadRoomPort loadRoom,
            SaveRoomPort saveRoom,
            SaveMessagePort saveMessage,
            ReadMarkerPort readMarkers,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            Clock clock) {
        this.loadRoom = loadRoom;
        this.saveRoom = saveRoom;
        this.saveMessage = saveMessage;
        this.readMarkers = readMarkers;
        this.publishEvents = publishEvents;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public RoomDetails createRoom(CreateRoomCommand command) {
        return transactions.inTransaction(() -> {
            Caller caller = command.caller();
            Room room = Room.create(
                    RoomId.newId(),
                    command.name(),
                    command.visibility(),
                    caller.id(),
                    caller.displayName(),
                    command.memberIds(),
                    clock.instant());
            saveAndPublish(room);
            return RoomDetails.of(room);
        });
    }

    @Override
    public RoomDetails joinRoom(JoinRoomCommand command) {
        Caller caller = command.caller();
        return changeRoom(command.roomId(), room -> room.join(caller.id(), caller.displayName(), clock.instant()));
    }

    @Override
    public RoomDetails addMember(AddMemberCommand command) {
        return changeRoom(
                command.roomId(), room -> room.addMember(command.caller().id(), command.userId(), clock.instant()));
    }

    @Override
    public void removeMember(RemoveMemberCommand command) {
        changeRoom(
                command.roomId(), room -> room.removeMember(command.caller().id(), command.userId(), clock.instant()));
    }

    @Override
    public RoomDetails getRoom(GetRoomQuery query) {
        return transactions.readOnly(() -> {
            return RoomDetails.of(Rooms.requireMemberOf(loadRoom, query.roomId(), query.caller().id()));
        });
    }

    @Override
    public List<RoomSummary> listRooms(ListRoomsQuery query) {
        return transactions.readOnly(() -> readMarkers.roomsOf(query.caller().id()).stream()
                .map(row -> new RoomSummary(
                        row.roomId(),
                        row.name(),
                        row.visibility(),
                        row.createdAt(),
                        row.role(),
                        row.lastSeq(),
                        row.unreadCount()))
                .toList());
    }

    private RoomDetails changeRoom(RoomId roomId, Consumer<Room> change) {
        return transactions.inTransaction(() -> {
            Room room = loadRoom.loadRoomForUpdate(roomId).orElseThrow(Rooms::roomNotFound);
            change.accept(room);
            saveAndPublish(room);
            return RoomDetails.of(room);
        });
    }

    /** The room goes in first (its new last seq and members; messages reference it), then the JOIN/LEAVE records, then the events. */
    private void saveAndPublish(Room room) {
        List<RoomEvent> events = room.drainEvents();
        if (events.isEmpty()) {
            return;
        }
        saveRoom.saveRoom(room);
        events.forEach(event -> saveMessage.insertMessage(event.message()));
        publishEvents.publish(events);
    }
}
