package io.chatservice.adapter.in.web;

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
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.UserId;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Rooms and their membership. */
@RestController
@RequestMapping(path = "/api/v1/rooms", produces = MediaType.APPLICATION_JSON_VALUE)
class RoomController {

    private final CreateRoomUseCase createRoom;
    private final ListRoomsUseCase listRooms;
    private final GetRoomUseCase getRoom;
    private final JoinRoomUseCase joinRoom;
    private final AddMemberUseCase addMember;
    private final RemoveMemberUseCase removeMember;

    RoomController(
            CreateRoomUseCase createRoom,
            ListRoomsUseCase listRooms,
            GetRoomUseCase getRoom,
            JoinRoomUseCase joinRoom,
            AddMemberUseCase addMember,
            RemoveMemberUseCase removeMember) {
        this.createRoom = createRoom;
        this.listRooms = listRooms;
        this.getRoom = getRoom;
        this.joinRoom = joinRoom;
        this.addMember = addMember;
        this.removeMember = removeMember;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RoomResponse> create(Caller caller, @Valid @RequestBody CreateRoomRequest body) {
        RoomName name = Inputs.field("name", () -> RoomName.of(body.name()));
        Visibility visibility = Inputs.enumValue("visibility", body.visibility(), Visibility.class);
        Set<UserId> memberIds = new LinkedHashSet<>();
        List<String> rawMemberIds = body.memberIds() == null ? List.of() : body.memberIds();
        for (int i = 0; i < rawMemberIds.size(); i++) {
            memberIds.add(Inputs.userId("memberIds[" + i + "]", rawMemberIds.get(i)));
        }
        RoomDetails room = createRoom.createRoom(new CreateRoomCommand(caller, name, visibility, memberIds));
        URI location = UriComponentsBuilder.fromPath("/api/v1/rooms/{roomId}")
                .buildAndExpand(room.id().value())
                .encode()
                .toUri();
        return ResponseEntity.created(location).body(RoomResponse.of(room));
    }

    @GetMapping
    List<RoomSummaryResponse> list(Caller caller) {
        return listRooms.listRooms(new ListRoomsQuery(caller)).stream().map(RoomSummaryResponse::of).toList();
    }

    @GetMapping("/{roomId}")
    RoomResponse get(Caller caller, @PathVariable String roomId) {
        return RoomResponse.of(getRoom.getRoom(new GetRoomQuery(caller, Inputs.roomId(roomId))));
    }

    @PostMapping("/{roomId}/join")
    RoomResponse join(Caller caller, @PathVariable String roomId) {
        return RoomResponse.of(joinRoom.joinRoom(new JoinRoomCommand(caller, Inputs.roomId(roomId))));
    }

    @PostMapping(path = "/{roomId}/members", consumes = MediaType.APPLICATION_JSON_VALUE)
    RoomResponse addMember(Caller caller, @PathVariable String roomId, @Valid @RequestBody AddMemberRequest body) {
        UserId userId = Inputs.userId("userId", body.userId());
        return RoomResponse.of(addMember.addMember(new AddMemberCommand(caller, Inputs.roomId(roomId), userId)));
    }

    @DeleteMapping("/{roomId}/members/{userId}")
    ResponseEntity<Void> removeMember(Caller caller, @PathVariable String roomId, @PathVariable String userId) {
        removeMember.removeMember(
                new RemoveMemberCommand(caller, Inputs.roomId(roomId), Inputs.userId("userId", userId)));
        return ResponseEntity.noContent().build();
    }
}
