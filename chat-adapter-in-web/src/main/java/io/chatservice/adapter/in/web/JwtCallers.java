package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.Caller;
import io.chatservice.domain.shared.UserId;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller a validated token stands for: {@code sub} is the user id, {@code name} the display name. */
final class JwtCallers {

    private JwtCallers() {
    }

    static Caller fromJwt(Jwt jwt) {
        return new Caller(UserId.of(jwt.getSubject()), jwt.getClaimAsString(JwtConfiguration.NAME_CLAIM));
    }
}
