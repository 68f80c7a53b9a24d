package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    /** A chunked body passing the limit surfaces inside the JSON reader, wrapped; it must still be a 413. */
    @Test
    void aBodyThatGrewTooLargeWhileBeingReadIs413() throws Exception {
        var unreadable = new HttpMessageNotReadableException(
                "I/O error while reading input message", new PayloadTooLargeException(65536),
                new MockHttpInputMessage(new byte[0]));

        ResponseEntity<Object> response =
                handler.handleException(unreadable, new ServletWebRequest(new MockHttpServletRequest()));

        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(((ProblemDetail) response.getBody()).getProperties()).containsEntry("code", "PAYLOAD_TOO_LARGE");
    }
}
