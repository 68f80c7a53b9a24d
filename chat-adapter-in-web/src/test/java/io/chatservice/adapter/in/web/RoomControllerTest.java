package io.chatservice.adapter.in.web;

import static io.chatservice.adapter.in.web.Fixtures.ALICE;
import static io.chatservice.adapter.in.web.Fixtures.BOB;
import static io.chatservice.adapter.in.web.Fixtures.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.JoinRoomCommand;
import io.chatservice.application.port.in.RemoveMemberCommand;
import io.chatservice.application.port.in.RoomSummary;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class RoomControllerTest extends WebAdapterSliceTest {

    private static final String ROOM_JSON = """
            {"roomId":"r-1","name":"general","visibility":"PUBLIC","createdAt":"2026-01-01T12:00:00Z","lastSeq":2,
             "members":[{"userId":"alice","role":"OWNER","joinedAt":"2026-01-01T12:00:00Z"},
                        {"userId":"bob","role":"MEMBER","joinedAt":"2026-01-01T12:00:05.123456Z"}]}
            """;

    @Test
    void creatingARoomAnswers201WithItsLocationAndDetails() throws Exception {
        given(createRoom.createRoom(any())).willReturn(Fixtures.room());

        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\" general \",\"visibility\":\"PUBLIC\",\"memberIds\":[\"bob\",\"carol\"]}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/rooms/r-1"))
                .andExpect(content().json(ROOM_JSON, JsonCompareMode.STRICT));

        ArgumentCaptor<CreateRoomCommand> command = ArgumentCaptor.forClass(CreateRoomCommand.class);
        verify(createRoom).createRoom(command.capture());
        assertThat(command.getValue().caller().id()).isEqualTo(ALICE);
        assertThat(command.getValue().name().value()).isEqualTo("general");
        assertThat(command.getValue().visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(command.getValue().memberIds()).containsExactlyInAnyOrder(BOB, UserId.of("carol"));
    }

    @Test
    void memberIdsMayBeLeftOut() throws Exception {
        given(createRoom.createRoom(any())).willReturn(Fixtures.room());

        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"secret\",\"visibility\":\"PRIVATE\"}"))
                .andExpect(status().isCreated());

        ArgumentCaptor<CreateRoomCommand> command = ArgumentCaptor.forClass(CreateRoomCommand.class);
        verify(createRoom).createRoom(command.capture());
        assertThat(command.getValue().visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(command.getValue().memberIds()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"public\"", "\"SECRET\"", "1", "null"})
    void visibilityMustBePublicOrPrivate(String visibility) throws Exception {
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"general\",\"visibility\":" + visibility + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("visibility"));
        verifyNoInteractions(createRoom);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"   \"", "\"\"", "null", "7"})
    void aRoomNeedsAName(String name) throws Exception {
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":" + name + ",\"visibility\":\"PUBLIC\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        verifyNoInteractions(createRoom);
    }

    @Test
    void anInvalidMemberIdIsReportedWithItsIndex() throws Exception {
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"g\",\"visibility\":\"PUBLIC\",\"memberIds\":[\"bob\",\"\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("memberIds[1]"));
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"g\",\"visibility\":\"PUBLIC\",\"memberIds\":[\"bob\",5]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("memberIds[1]"));
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"g\",\"visibility\":\"PUBLIC\",\"memberIds\":\"bob\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("memberIds"));
        verifyNoInteractions(createRoom);
    }

    @Test
    void theRoomListHasRoleLastSeqAndUnreadCount() throws Exception {
        given(listRooms.listRooms(any())).willReturn(List.of(new RoomSummary(
                ROOM, "general", Visibility.PUBLIC, Fixtures.T0, MemberRole.MEMBER, 12, 3)));

        mvc.perform(get("/api/v1/rooms").with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        [{"roomId":"r-1","name":"general","visibility":"PUBLIC","createdAt":"2026-01-01T12:00:00Z",
                          "role":"MEMBER","lastSeq":12,"unreadCount":3}]
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void aRoomIsShownWithItsMembers() throws Exception {
        given(getRoom.getRoom(any())).willReturn(Fixtures.room());

        mvc.perform(get("/api/v1/rooms/r-1").with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().json(ROOM_JSON, JsonCompareMode.STRICT));
    }

    @Test
    void aRoomIsHiddenFromNonMembers() throws Exception {
        given(getRoom.getRoom(any())).willThrow(new PermissionDeniedException("not a member of this room"));

        mvc.perform(get("/api/v1/rooms/r-1").with(alice()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    @Test
    void joiningAnswersTheRoomWithTheNewMember() throws Exception {
        given(joinRoom.joinRoom(any())).willReturn(Fixtures.room());

        mvc.perform(post("/api/v1/rooms/r-1/join").with(alice()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.roomId").value("r-1"))
                .andExpect(jsonPath("$.members[0].userId").value("alice"));

        ArgumentCaptor<JoinRoomCommand> command = ArgumentCaptor.forClass(JoinRoomCommand.class);
        verify(joinRoom).joinRoom(command.capture());
        assertThat(command.getValue().roomId()).isEqualTo(RoomId.of("r-1"));
        assertThat(command.getValue().caller().id()).isEqualTo(ALICE);
    }

    @Test
    void joiningAPrivateRoomIsForbidden() throws Exception {
        given(joinRoom.joinRoom(any())).willThrow(new PermissionDeniedException("a private room ..."));

        mvc.perform(post("/api/v1/rooms/r-1/join").with(alice()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    @Test
    void aMemberAddsAnotherUser() throws Exception {
        given(addMember.addMember(any())).willReturn(Fixtures.room());

        mvc.perform(post("/api/v1/rooms/r-1/members").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"userId\":\"bob\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.members[1].userId").value("bob"));

        ArgumentCaptor<AddMemberCommand> command = ArgumentCaptor.forClass(AddMemberCommand.class);
        verify(addMember).addMember(command.capture());
        assertThat(command.getValue().userId()).isEqualTo(BOB);
    }

    @Test
    void addingAMemberNeedsAUserId() throws Exception {
        mvc.perform(post("/api/v1/rooms/r-1/members").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\":\"bob\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("userId"));
        verifyNoInteractions(addMember);
    }

    @Test
    void removingAMemberAnswers204() throws Exception {
        mvc.perform(delete("/api/v1/rooms/r-1/members/bob").with(alice()))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));

        ArgumentCaptor<RemoveMemberCommand> command = ArgumentCaptor.forClass(RemoveMemberCommand.class);
        verify(removeMember).removeMember(command.capture());
        assertThat(command.getValue().userId()).isEqualTo(BOB);
        assertThat(command.getValue().caller().id()).isEqualTo(ALICE);
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() throws Exception {
        willThrow(new NotFoundException("user is not a member of this room")).given(removeMember).removeMember(any());

        mvc.perform(delete("/api/v1/rooms/r-1/members/bob").with(alice()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value("user is not a member of this room"));
    }
}
