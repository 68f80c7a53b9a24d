package io.chatservice.adapter.in.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chatservice.application.port.in.SendResult;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.DomainException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Every way a request can fail ends in problem details with the documented status and code. */
class ProblemDetailsTest extends WebAdapterSliceTest {

    private static final int LIMIT = 64 * 1024;

    static Stream<Arguments> domainExceptions() {
        return Stream.of(
                Arguments.of(new InvalidInputException("limit must be between 1 and 200"), 400, "VALIDATION_FAILED"),
                Arguments.of(new PermissionDeniedException("not a member of this room"), 403, "FORBIDDEN"),
                Arguments.of(new NotFoundException("room r-1 not found"), 404, "NOT_FOUND"),
                Arguments.of(new ConflictException("a deleted message cannot be edited"), 409, "CONFLICT"));
    }

    @ParameterizedTest
    @MethodSource("domainExceptions")
    void domainExceptionsMapByType(DomainException exception, int status, String code) throws Exception {
        given(getRoom.getRoom(any())).willThrow(exception);

        mvc.perform(get("/api/v1/rooms/r-1").with(alice()))
                .andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").value(exception.getMessage()))
                .andExpect(jsonPath("$.instance").value("/api/v1/rooms/r-1"));
    }

    @Test
    void aValidationProblemWithoutAFieldHasAnEmptyErrorList() throws Exception {
        given(getRoom.getRoom(any())).willThrow(new InvalidInputException("something is off"));

        mvc.perform(get("/api/v1/rooms/r-1").with(alice()))
                .andExpect(jsonPath("$.errors").isArray())
                .andExpect(jsonPath("$.errors").isEmpty());
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsDetails() throws Exception {
        given(listRooms.listRooms(any())).willThrow(new IllegalStateException(
                "ERROR: relation \"room\" does not exist; SQL [select * from room where user_id=?]"));

        mvc.perform(get("/api/v1/rooms").with(alice()))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
                .andExpect(jsonPath("$.detail").value("An unexpected error occurred"))
                .andExpect(content().string(not(containsString("relation"))))
                .andExpect(content().string(not(containsString("select"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))))
                .andExpect(jsonPath("$.trace").doesNotExist());
    }

    @Test
    void anUnknownRouteIs404() throws Exception {
        mvc.perform(get("/api/v1/nothing-here").with(alice()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value("No endpoint GET /api/v1/nothing-here"));
    }

    @Test
    void anUnsupportedMethodIs405WithTheAllowedOnes() throws Exception {
        mvc.perform(put("/api/v1/rooms").with(alice()))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string(HttpHeaders.ALLOW, containsString("POST")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("METHOD_NOT_ALLOWED"));
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.TEXT_PLAIN).content("general"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("UNSUPPORTED_MEDIA_TYPE"));
        verifyNoInteractions(createRoom);
    }

    @Test
    void askingForAnythingButJsonIs406StillAnsweredAsProblemJson() throws Exception {
        mvc.perform(get("/api/v1/rooms").with(alice()).accept(MediaType.APPLICATION_XML))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("NOT_ACCEPTABLE"));
    }

    static Stream<Arguments> unreadableBodies() {
        String malformed = "The request body is not well-formed JSON";
        String wrongShape = "The request body must be a JSON object with the documented fields";
        return Stream.of(
                Arguments.of("{\"name\":", malformed),
                Arguments.of("{\"name\" \"x\"}", malformed),
                Arguments.of("not json", malformed),
                Arguments.of("[]", wrongShape),
                Arguments.of("\"general\"", wrongShape),
                Arguments.of("", "The request body is missing or unreadable"));
    }

    @ParameterizedTest
    @MethodSource("unreadableBodies")
    void anUnreadableBodyIs400(String body, String detail) throws Exception {
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.detail").value(detail))
                .andExpect(jsonPath("$.errors").isArray());
        verifyNoInteractions(createRoom);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAuthentication() throws Exception {
        byte[] body = paddedSend(LIMIT + 1);

        mvc.perform(post("/api/v1/rooms/r-1/messages").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("PAYLOAD_TOO_LARGE"))
                .andExpect(jsonPath("$.instance").value("/api/v1/rooms/r-1/messages"));
        mvc.perform(post("/api/v1/rooms/r-1/messages").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.code").value("PAYLOAD_TOO_LARGE"));
        verifyNoInteractions(sendMessage);
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        given(sendMessage.sendMessage(any())).willReturn(new SendResult(Fixtures.text("m-1", 1, "c-1", "hi"), false));

        mvc.perform(post("/api/v1/rooms/r-1/messages").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content(paddedSend(LIMIT)))
                .andExpect(status().isCreated());
    }

    /** A valid send of exactly {@code size} bytes, padded with an unknown field. */
    private static byte[] paddedSend(int size) {
        String start = "{\"clientMsgId\":\"c-1\",\"content\":\"hi\",\"padding\":\"";
        String end = "\"}";
        return (start + "x".repeat(size - start.length() - end.length()) + end).getBytes();
    }
}
