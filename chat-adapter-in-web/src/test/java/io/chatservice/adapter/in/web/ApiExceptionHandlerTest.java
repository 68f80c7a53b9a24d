package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
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

    /** What Spring's JpaTransactionManager throws when the pool timed out on an unreachable PostgreSQL. */
    @Test
    void aDatabaseThatCannotBeReachedIs503WithoutItsCause() {
        var poolTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3000ms",
                "08001", new SQLException("Connection to 10.0.0.9:5432 refused", "08001"));
        var cannotBegin = new IllegalStateException("Could not open JPA EntityManager for transaction",
                new RuntimeException("Unable to acquire JDBC Connection", poolTimeout));

        ResponseEntity<Object> response = handler.unexpected(cannotBegin, new ServletWebRequest(new MockHttpServletRequest()));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getProperties()).containsEntry("code", "SERVICE_UNAVAILABLE");
        assertThat(problem.getDetail()).doesNotContain("Hikari", "10.0.0.9", "JDBC", "JPA");
    }

    @Test
    void aStatementTheDatabaseRefusedIsStillAnInternalError() {
        var refused = new IllegalStateException("bad grammar", new SQLException("syntax error", "42601"));

        ResponseEntity<Object> response = handler.unexpected(refused, new ServletWebRequest(new MockHttpServletRequest()));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
    }
}
