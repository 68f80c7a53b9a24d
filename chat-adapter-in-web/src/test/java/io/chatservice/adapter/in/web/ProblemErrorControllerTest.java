package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The error page renders what went wrong outside Spring MVC; MockMvc never dispatches to it, so called directly. */
class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    @Test
    void anExceptionFromAFilterIsA500WithoutItsMessage() {
        MockHttpServletRequest request = errorRequest(500, new IllegalStateException("pool exhausted: jdbc:..."));

        ResponseEntity<ProblemDetail> response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().getProperties()).containsEntry("code", "INTERNAL_ERROR");
        assertThat(response.getBody().getDetail()).doesNotContain("jdbc");
        assertThat(response.getBody().getInstance()).hasToString("/api/v1/rooms");
    }

    @Test
    void aStatusTheContainerSentKeepsItsCode() {
        ResponseEntity<ProblemDetail> response = controller.error(errorRequest(404, null));

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().getProperties()).containsEntry("code", "NOT_FOUND");
    }

    @Test
    void aTooLargeBodyFoundOutsideMvcIsStill413() {
        MockHttpServletRequest request =
                errorRequest(500, new UncheckedIOException(new PayloadTooLargeException(65536)));

        ResponseEntity<ProblemDetail> response = controller.error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getBody().getProperties()).containsEntry("code", "PAYLOAD_TOO_LARGE");
    }

    private static MockHttpServletRequest errorRequest(int status, Throwable failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/rooms");
        if (failure != null) {
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        }
        return request;
    }
}
