package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StompErrorTest {

    @Test
    void domainExceptionsMapByTypeWithTheDomainsWording() {
        assertThat(StompError.of(new InvalidInputException("content must not be empty")))
                .isEqualTo(new StompError(ErrorCode.VALIDATION_FAILED, "content must not be empty"));
        assertThat(StompError.of(new PermissionDeniedException("not a member of this room")))
                .isEqualTo(new StompError(ErrorCode.FORBIDDEN, "not a member of this room"));
        assertThat(StompError.of(new NotFoundException("message not found")))
                .isEqualTo(new StompError(ErrorCode.NOT_FOUND, "message not found"));
        assertThat(StompError.of(new ConflictException("the message was deleted")))
                .isEqualTo(new StompError(ErrorCode.CONFLICT, "the message was deleted"));
    }

    @Test
    void adapterRefusalsKeepTheirCode() {
        assertThat(StompError.of(new StompRequestException(ErrorCode.FORBIDDEN, "clients may only SEND to /app")))
                .isEqualTo(new StompError(ErrorCode.FORBIDDEN, "clients may only SEND to /app"));
    }

    @Test
    void anUnreachableBroadcastChannelIsUnavailableWithoutItsCause() {
        StompError error = StompError.of(new RealtimeUnavailableException(
                "redis at 10.0.0.7:6379 refused", new IllegalStateException("connection refused")));

        assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(error.message()).doesNotContain("redis", "10.0.0.7");
        assertThat(error.isUnexpected()).isFalse();
    }

    @Test
    void aRateLimitIsRateLimitedWithTheWaitInMillisecondsRoundedUp() {
        StompError error = StompError.of(new RateLimitedException("too many", Duration.ofNanos(2_000_001)));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.retryAfterMs()).isEqualTo(3L);
        assertThat(error.isUnexpected()).isFalse();
        assertThat(StompError.of(new RateLimitedException("too many", Duration.ofSeconds(2))).retryAfterMs())
                .isEqualTo(2_000L);
    }

    @Test
    void anythingElseIsAnInternalErrorThatSaysNothing() {
        StompError error = StompError.of(new IllegalStateException("SELECT * FROM message failed",
                new SQLException("relation does not exist")));

        assertThat(error).isEqualTo(new StompError(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred"));
        assertThat(error.isUnexpected()).isTrue();
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailableWithoutItsCause() {
        // A connection lost mid-statement, as Spring wraps PostgreSQL's "08006" (DataAccessResourceFailureException).
        StompError lost = StompError.of(new IllegalStateException("could not execute statement",
                new SQLException("An I/O error occurred while sending to the backend at 10.0.0.9", "08006")));
        // PostgreSQL still starting after an outage.
        StompError starting = StompError.of(new IllegalStateException("could not open",
                new SQLException("the database system is starting up", "57P03")));

        assertThat(lost.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(lost.message()).doesNotContain("10.0.0.9", "backend", "I/O");
        assertThat(lost.isUnexpected()).isFalse();
        assertThat(starting.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }
}
