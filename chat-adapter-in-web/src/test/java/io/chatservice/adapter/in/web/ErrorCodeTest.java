package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatusCode;

class ErrorCodeTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void eachCodeOwnsItsStatus(ErrorCode code) {
        assertThat(ErrorCode.forStatus(code.status())).isEqualTo(code);
    }

    @Test
    void theContractCodesHaveTheContractStatuses() {
        assertThat(ErrorCode.VALIDATION_FAILED.status().value()).isEqualTo(400);
        assertThat(ErrorCode.UNAUTHORIZED.status().value()).isEqualTo(401);
        assertThat(ErrorCode.FORBIDDEN.status().value()).isEqualTo(403);
        assertThat(ErrorCode.NOT_FOUND.status().value()).isEqualTo(404);
        assertThat(ErrorCode.CONFLICT.status().value()).isEqualTo(409);
        assertThat(ErrorCode.PAYLOAD_TOO_LARGE.status().value()).isEqualTo(413);
        assertThat(ErrorCode.RATE_LIMITED.status().value()).isEqualTo(429);
    }

    @Test
    void statusesWithoutACodeOfTheirOwnFallBackByClass() {
        assertThat(ErrorCode.forStatus(HttpStatusCode.valueOf(422))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(ErrorCode.forStatus(HttpStatusCode.valueOf(502))).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }
}
