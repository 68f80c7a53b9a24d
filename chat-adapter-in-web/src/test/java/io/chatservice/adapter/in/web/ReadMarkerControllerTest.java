package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chatservice.application.port.in.MarkReadCommand;
import io.chatservice.application.port.in.UnreadStatus;
import io.chatservice.domain.message.MessageId;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class ReadMarkerControllerTest extends WebAdapterSliceTest {

    @Test
    void markingReadAnswersTheNewUnreadStatus() throws Exception {
        given(markRead.markRead(any())).willReturn(new UnreadStatus(2, MessageId.of("m-7")));

        mvc.perform(post("/api/v1/rooms/r-1/read").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"lastReadMessageId\":\"m-7\"}"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"unreadCount\":2,\"lastReadMessageId\":\"m-7\"}", JsonCompareMode.STRICT));

        ArgumentCaptor<MarkReadCommand> command = ArgumentCaptor.forClass(MarkReadCommand.class);
        verify(markRead).markRead(command.capture());
        assertThat(command.getValue().lastReadMessageId()).isEqualTo(MessageId.of("m-7"));
        assertThat(command.getValue().roomId().value()).isEqualTo("r-1");
    }

    @Test
    void markingReadNeedsAMessageId() throws Exception {
        mvc.perform(post("/api/v1/rooms/r-1/read").with(alice()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lastReadMessageId"));
        verifyNoInteractions(markRead);
    }

    @Test
    void unreadBeforeReadingAnythingHasANullMarker() throws Exception {
        given(getUnread.getUnread(any())).willReturn(new UnreadStatus(5, null));

        mvc.perform(get("/api/v1/rooms/r-1/unread").with(alice()))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"unreadCount\":5,\"lastReadMessageId\":null}", JsonCompareMode.STRICT));
    }
}
