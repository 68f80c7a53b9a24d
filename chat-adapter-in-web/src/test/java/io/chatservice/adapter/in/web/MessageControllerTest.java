package io.chatservice.adapter.in.web;

import static io.chatservice.adapter.in.web.Fixtures.ALICE;
import static io.chatservice.adapter.in.web.Fixtures.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.HistoryPage;
import io.chatservice.application.port.in.HistoryQuery;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.SyncPage;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class MessageControllerTest extends WebAdapterSliceTest {

    private static final String MESSAGES = "/api/v1/rooms/r-1/messages";

    private static final String MESSAGE_JSON = """
            {"messageId":"m-42","roomId":"r-1","seq":42,"senderId":"alice","senderName":"Alice",
             "clientMsgId":"c-17","type":"TEXT","content":"hi","createdAt":"2026-01-01T12:00:00Z",
             "editedAt":null,"deleted":false,"lastEventSeq":42}
            """;

    @Test
    void sendingANewMessageAnswers201WithTheContractMessage() throws Exception {
        given(sendMessage.sendMessage(any())).willReturn(new SendResult(Fixtures.text("m-42", 42, "c-17", "hi"), false));

        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-17\",\"content\":\"hi\"}"))
                .andExpect(status().isCreated())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json(MESSAGE_JSON, JsonCompareMode.STRICT));
    }

    @Test
    void aSendPastTheRateLimitIs429WithRetryAfterInSecondsRoundedUpAndInMilliseconds() throws Exception {
        given(sendMessage.sendMessage(any()))
                .willThrow(new RateLimitedException("too many", Duration.ofMillis(1_200).plusNanos(1)));

        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-17\",\"content\":\"hi\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header()
                        .string("Retry-After", "2"))
                .andExpect(jsonPath("$.code").value("RATE_LIMITED"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.retryAfterMs").value(1_201));
    }

    @Test
    void anEditPastTheRateLimitIs429() throws Exception {
        given(editMessage.editMessage(any())).willThrow(new RateLimitedException("too many", Duration.ofMillis(3)));

        mvc.perform(patch(MESSAGES + "/m-42").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\"hi\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header()
                        .string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("RATE_LIMITED"))
                .andExpect(jsonPath("$.retryAfterMs").value(3));
    }

    @Test
    void resendingAClientMsgIdAnswers200WithTheSameBody() throws Exception {
        Message original = Fixtures.text("m-42", 42, "c-17", "hi");
        given(sendMessage.sendMessage(any()))
                .willReturn(new SendResult(original, false))
                .willReturn(new SendResult(original, true));
        String body = "{\"clientMsgId\":\"c-17\",\"content\":\"hi\"}";

        String first = mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        String second = mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void theSenderIsTheCallerWhateverThePayloadSaysAndUnknownFieldsAreIgnored() throws Exception {
        given(sendMessage.sendMessage(any())).willReturn(new SendResult(Fixtures.text("m-1", 1, "c-1", "hi"), false));

        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"clientMsgId":"c-1","content":"  hi  ","senderId":"mallory","senderName":"Mallory",
                         "priority":"urgent","type":"TEXT"}
                        """))
                .andExpect(status().isCreated());

        ArgumentCaptor<SendMessageCommand> sent = ArgumentCaptor.forClass(SendMessageCommand.class);
        verify(sendMessage).sendMessage(sent.capture());
        assertThat(sent.getValue().caller().id()).isEqualTo(ALICE);
        assertThat(sent.getValue().caller().displayName()).isEqualTo("Alice");
        assertThat(sent.getValue().roomId()).isEqualTo(ROOM);
        assertThat(sent.getValue().clientMsgId().value()).isEqualTo("c-1");
        assertThat(sent.getValue().content().value()).isEqualTo("hi");
        assertThat(sent.getValue().type()).isEqualTo(MessageType.TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JOIN", "LEAVE", "text", "IMAGE", ""})
    void onlyTextMessagesCanBeSent(String type) throws Exception {
        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"type\":\"" + type + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("type"));
        verifyNoInteractions(sendMessage);
    }

    @Test
    void missingFieldsAreEachReported() throws Exception {
        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[?(@.field == 'clientMsgId')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'content')]").exists());
        verifyNoInteractions(sendMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"   \"", "\"a\\u0000b\"", "42", "true", "[\"hi\"]", "{\"text\":\"hi\"}"})
    void contentThatIsNotValidTextIsRejectedAsTheContentField(String content) throws Exception {
        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-1\",\"content\":" + content + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("content"));
        verifyNoInteractions(sendMessage);
    }

    @Test
    void contentMayHave4000CharactersButNotMore() throws Exception {
        given(sendMessage.sendMessage(any())).willReturn(new SendResult(Fixtures.text("m-1", 1, "c-1", "hi"), false));
        String longest = "é".repeat(4000);

        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-1\",\"content\":\"" + longest + "\"}"))
                .andExpect(status().isCreated());
        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-2\",\"content\":\"" + longest + "x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("content"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"", "17"})
    void clientMsgIdMustBeAStringOf1To64Characters(String clientMsgId) throws Exception {
        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":" + clientMsgId + ",\"content\":\"hi\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("clientMsgId"));
    }

    @Test
    void aRoomIdLongerThan64CharactersIsRejectedAsThePathField() throws Exception {
        mvc.perform(post("/api/v1/rooms/" + "r".repeat(65) + "/messages").with(alice())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"clientMsgId\":\"c-1\",\"content\":\"hi\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("roomId"));
    }

    @Test
    void sendingToARoomOneIsNotAMemberOfIsForbidden() throws Exception {
        given(sendMessage.sendMessage(any())).willThrow(new PermissionDeniedException("not a member of this room"));

        mvc.perform(post(MESSAGES).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientMsgId\":\"c-1\",\"content\":\"hi\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.detail").value("not a member of this room"));
    }

    @Test
    void editAnswersTheEditedMessage() throws Exception {
        given(editMessage.editMessage(any())).willReturn(Fixtures.edited("m-5", 5, 9, "fixed"));

        mvc.perform(patch(MESSAGES + "/m-5").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\" fixed \"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content").value("fixed"))
                .andExpect(jsonPath("$.editedAt").value("2026-01-01T12:00:05.123456Z"))
                .andExpect(jsonPath("$.seq").value(5))
                .andExpect(jsonPath("$.lastEventSeq").value(9));

        ArgumentCaptor<EditMessageCommand> edit = ArgumentCaptor.forClass(EditMessageCommand.class);
        verify(editMessage).editMessage(edit.capture());
        assertThat(edit.getValue().messageId()).isEqualTo(MessageId.of("m-5"));
        assertThat(edit.getValue().content().value()).isEqualTo("fixed");
        assertThat(edit.getValue().caller().id()).isEqualTo(ALICE);
    }

    @Test
    void editingADeletedMessageIsAConflict() throws Exception {
        given(editMessage.editMessage(any())).willThrow(new ConflictException("a deleted message cannot be edited"));

        mvc.perform(patch(MESSAGES + "/m-5").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\"again\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("CONFLICT"));
    }

    @Test
    void editWithoutContentIsRejected() throws Exception {
        mvc.perform(patch(MESSAGES + "/m-5").with(alice()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("content"));
    }

    @Test
    void deleteAnswersTheTombstone() throws Exception {
        given(deleteMessage.deleteMessage(any())).willReturn(Fixtures.tombstone("m-5", 5, 10));

        mvc.perform(delete(MESSAGES + "/m-5").with(alice()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messageId").value("m-5"))
                .andExpect(jsonPath("$.deleted").value(true))
                .andExpect(jsonPath("$.content").isEmpty())
                .andExpect(jsonPath("$.lastEventSeq").value(10));

        ArgumentCaptor<DeleteMessageCommand> deleted = ArgumentCaptor.forClass(DeleteMessageCommand.class);
        verify(deleteMessage).deleteMessage(deleted.capture());
        assertThat(deleted.getValue().messageId()).isEqualTo(MessageId.of("m-5"));
    }

    @Test
    void deletingAnUnknownMessageIsNotFound() throws Exception {
        given(deleteMessage.deleteMessage(any())).willThrow(new NotFoundException("message m-9 not found in this room"));

        mvc.perform(delete(MESSAGES + "/m-9").with(alice()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    @Test
    void withoutCursorTheLatestHistoryPageIsReturned() throws Exception {
        given(loadHistory.loadHistory(any())).willReturn(new HistoryPage(
                List.of(Fixtures.joined("m-1", 1, ALICE), Fixtures.text("m-2", 2, "c-2", "hi")), true));

        mvc.perform(get(MESSAGES).with(alice()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.hasMore").value(true))
                .andExpect(jsonPath("$.lastSeq").doesNotExist())
                .andExpect(jsonPath("$.messages", hasSize(2)))
                .andExpect(jsonPath("$.messages[0].type").value("JOIN"))
                .andExpect(jsonPath("$.messages[0].clientMsgId").isEmpty())
                .andExpect(jsonPath("$.messages[1].content").value("hi"));

        ArgumentCaptor<HistoryQuery> query = ArgumentCaptor.forClass(HistoryQuery.class);
        verify(loadHistory).loadHistory(query.capture());
        assertThat(query.getValue().before()).isNull();
        assertThat(query.getValue().limit().value()).isEqualTo(50);
    }

    @Test
    void historyBeforeAMessageWithALimit() throws Exception {
        given(loadHistory.loadHistory(any())).willReturn(new HistoryPage(List.of(), false));

        mvc.perform(get(MESSAGES).with(alice()).param("before", "m-7").param("limit", "20"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"messages\":[],\"hasMore\":false}", JsonCompareMode.STRICT));

        ArgumentCaptor<HistoryQuery> query = ArgumentCaptor.forClass(HistoryQuery.class);
        verify(loadHistory).loadHistory(query.capture());
        assertThat(query.getValue().before()).isEqualTo(MessageId.of("m-7"));
        assertThat(query.getValue().limit().value()).isEqualTo(20);
    }

    @Test
    void syncAfterAMessageAnswersMessagesLastSeqAndHasMore() throws Exception {
        given(syncMessages.syncMessages(any())).willReturn(new SyncPage(
                List.of(Fixtures.tombstone("m-3", 3, 8), Fixtures.edited("m-4", 4, 9, "new")), 9, false));

        mvc.perform(get(MESSAGES).with(alice()).param("after", "m-2").param("limit", "200"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lastSeq").value(9))
                .andExpect(jsonPath("$.hasMore").value(false))
                .andExpect(jsonPath("$.messages[0].deleted").value(true))
                .andExpect(jsonPath("$.messages[1].lastEventSeq").value(9));

        ArgumentCaptor<SyncQuery> query = ArgumentCaptor.forClass(SyncQuery.class);
        verify(syncMessages).syncMessages(query.capture());
        assertThat(query.getValue().afterMessageId()).isEqualTo(MessageId.of("m-2"));
        assertThat(query.getValue().sinceSeq()).isNull();
        assertThat(query.getValue().limit().value()).isEqualTo(200);
        verifyNoInteractions(loadHistory);
    }

    @Test
    void syncSinceASeq() throws Exception {
        given(syncMessages.syncMessages(any())).willReturn(new SyncPage(List.of(), 0, false));

        mvc.perform(get(MESSAGES).with(alice()).param("sinceSeq", "0"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"messages\":[],\"lastSeq\":0,\"hasMore\":false}", JsonCompareMode.STRICT));

        ArgumentCaptor<SyncQuery> query = ArgumentCaptor.forClass(SyncQuery.class);
        verify(syncMessages).syncMessages(query.capture());
        assertThat(query.getValue().sinceSeq()).isZero();
        assertThat(query.getValue().afterMessageId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"before=m-1&after=m-2", "before=m-1&sinceSeq=3", "before=m-1&after=m-2&sinceSeq=3"})
    void historyAndSyncCursorsCannotBeCombined(String query) throws Exception {
        mvc.perform(get(MESSAGES + "?" + query).with(alice()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("before"));
        verifyNoInteractions(loadHistory, syncMessages);
    }

    @Test
    void bothSyncCursorsCannotBeCombined() throws Exception {
        mvc.perform(get(MESSAGES).with(alice()).param("after", "m-2").param("sinceSeq", "3"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sinceSeq"));
        verifyNoInteractions(syncMessages);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "limit=0", "limit=201", "limit=-5", "limit=abc", "limit=1.5", "limit=", "limit=+5", "limit=%205"
    })
    void limitMustBeAWholeNumberFrom1To200(String query) throws Exception {
        mvc.perform(get(MESSAGES + "?" + query).with(alice()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        verifyNoInteractions(loadHistory);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sinceSeq=-1", "sinceSeq=x", "sinceSeq=", "sinceSeq=99999999999999999999", "sinceSeq=+5", "sinceSeq=%205"
    })
    void sinceSeqMustBeANonNegativeNumber(String query) throws Exception {
        mvc.perform(get(MESSAGES + "?" + query).with(alice()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sinceSeq"));
        verifyNoInteractions(syncMessages);
    }

    @Test
    void anEmptyCursorIsRejectedAsItsField() throws Exception {
        mvc.perform(get(MESSAGES).with(alice()).param("after", ""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("after"));
    }

    @Test
    void readingARoomThatDoesNotExistIsNotFound() throws Exception {
        given(loadHistory.loadHistory(any())).willThrow(new NotFoundException("room r-1 not found"));

        mvc.perform(get(MESSAGES).with(alice()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.instance").value(MESSAGES));
    }
}
