package io.chatservice.adapter.in.web;

import static io.chatservice.adapter.in.web.Fixtures.ALICE;
import static io.chatservice.adapter.in.web.Fixtures.BOB;
import static io.chatservice.adapter.in.web.Fixtures.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chatservice.application.port.in.PresenceQuery;
import io.chatservice.application.port.in.RoomPresence;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class PresenceControllerTest extends WebAdapterSliceTest {

    private static final String PRESENCE = "/api/v1/rooms/r-1/presence";

    @Test
    void aMemberSeesWhoIsOnlineInTheOrderTheUseCaseGives() throws Exception {
        given(getPresence.getPresence(any())).willReturn(new RoomPresence(ROOM, List.of(ALICE, BOB)));

        mvc.perform(get(PRESENCE).with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("{\"roomId\":\"r-1\",\"online\":[\"alice\",\"bob\"]}", JsonCompareMode.STRICT));

        ArgumentCaptor<PresenceQuery> query = ArgumentCaptor.forClass(PresenceQuery.class);
        verify(getPresence).getPresence(query.capture());
        assertThat(query.getValue().caller().id()).isEqualTo(ALICE);
        assertThat(query.getValue().roomId()).isEqualTo(ROOM);
    }

    @Test
    void nobodyOnlineIsAnEmptyList() throws Exception {
        given(getPresence.getPresence(any())).willReturn(new RoomPresence(ROOM, List.of()));

        mvc.perform(get(PRESENCE).with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"roomId\":\"r-1\",\"online\":[]}", JsonCompareMode.STRICT));
    }

    @Test
    void aNonMemberIsForbidden() throws Exception {
        given(getPresence.getPresence(any())).willThrow(new PermissionDeniedException("not a member of this room"));

        mvc.perform(get(PRESENCE).with(alice()))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    @Test
    void anUnknownRoomIsNotFound() throws Exception {
        given(getPresence.getPresence(any())).willThrow(new NotFoundException("room not found"));

        mvc.perform(get(PRESENCE).with(alice()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.instance").value(PRESENCE));
    }

    @Test
    void aRoomIdLongerThan64CharactersIsRejectedAsThePathField() throws Exception {
        mvc.perform(get("/api/v1/rooms/" + "r".repeat(65) + "/presence").with(alice()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("roomId"));
        verifyNoInteractions(getPresence);
    }

    @Test
    void withoutATokenItIs401() throws Exception {
        mvc.perform(get(PRESENCE))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        verifyNoInteractions(getPresence);
    }

    @Test
    void redisDownIs503WithoutItsCause() throws Exception {
        given(getPresence.getPresence(any())).willThrow(new RealtimeUnavailableException(
                "presence store unreachable", new ConnectException("Connection refused: redis-internal:6379")));

        mvc.perform(get(PRESENCE).with(alice()))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.detail").value("The real-time service is temporarily unavailable; try again later"));
    }
}
