package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
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
    void whileTheDatabaseIsDownOneWarningIsLoggedPerIntervalWithTheCountOfTheOthers() {
        AtomicLong nanoTime = new AtomicLong();
        var throttled = new ApiExceptionHandler(nanoTime::get);
        var outage = new IllegalStateException("Unable to acquire JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001"));
        Logger logger = (Logger) LoggerFactory.getLogger(ApiExceptionHandler.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(throttled.unexpected(outage, new ServletWebRequest(new MockHttpServletRequest()))
                        .getStatusCode().value()).isEqualTo(503);
            }
            assertThat(warnings(logged)).singleElement().asString().contains("0 more like it not logged");

            nanoTime.addAndGet(ApiExceptionHandler.DATABASE_WARNING_INTERVAL.toNanos() - 1);
            throttled.unexpected(outage, new ServletWebRequest(new MockHttpServletRequest()));
            assertThat(warnings(logged)).hasSize(1);

            nanoTime.addAndGet(1);
            throttled.unexpected(outage, new ServletWebRequest(new MockHttpServletRequest()));
            assertThat(warnings(logged)).hasSize(2).last().asString().contains("5 more like it not logged");
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aStatementTheDatabaseRefusedIsStillAnInternalError() {
        var refused = new IllegalStateException("bad grammar", new SQLException("syntax error", "42601"));

        ResponseEntity<Object> response = handler.unexpected(refused, new ServletWebRequest(new MockHttpServletRequest()));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
    }
}
