package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.Caller;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Authenticates a CONNECT frame by its native {@code Authorization: Bearer <jwt>} header with the same
 * {@link JwtDecoder} bean as REST, which checks signature, {@code exp}, {@code sub} and {@code name}. The caller is
 * {@code sub} with the {@code name} claim as display name. A token whose {@code exp} has passed by this clock is
 * refused even inside the decoder's clock-skew allowance: the session is closed at {@code exp}, so it would end the
 * moment it began.
 */
final class StompAuthenticator {

    static final String AUTHORIZATION = "Authorization";
    static final String NAME_CLAIM = "name";
    private static final String BEARER = "bearer ";

    private final JwtDecoder jwtDecoder;
    private final Clock clock;

    StompAuthenticator(JwtDecoder jwtDecoder, Clock clock) {
        this.jwtDecoder = jwtDecoder;
        this.clock = clock;
    }

    /** @param expiresAt when the session must end: the token's {@code exp} */
    record Authenticated(Caller caller, Instant expiresAt) {

        Authenticated {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** @throws StompConnectionRefusedException UNAUTHORIZED, with a message that never quotes the token */
    Authenticated authenticate(StompHeaderAccessor connect) {
        String token = bearerToken(connect);
        Jwt jwt;
        try {
            jwt = jwtDecoder.decode(token);
        } catch (JwtException invalid) {
            throw StompConnectionRefusedException.unauthorized("the bearer token is invalid or has expired");
        }
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null || !expiresAt.isAfter(clock.instant())) {
            throw StompConnectionRefusedException.unauthorized("the bearer token has expired");
        }
        try {
            return new Authenticated(
                    new Caller(UserId.of(jwt.getSubject()), jwt.getClaimAsString(NAME_CLAIM)), expiresAt);
        } catch (InvalidInputException | IllegalArgumentException badClaims) {
            // The shared decoder validates sub; a decoder that did not still gets no session.
            throw StompConnectionRefusedException.unauthorized("the bearer token is invalid or has expired");
        }
    }

    private static String bearerToken(StompHeaderAccessor connect) {
        String header = first(connect, AUTHORIZATION);
        if (header == null) {
            header = first(connect, AUTHORIZATION.toLowerCase(Locale.ROOT));
        }
        if (header == null) {
            throw StompConnectionRefusedException.unauthorized(
                    "CONNECT needs an Authorization header with a bearer token");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw StompConnectionRefusedException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        String token = header.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            throw StompConnectionRefusedException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        return token;
    }

    /**
     * Takes the token off a CONNECT frame, which lives on after it is read: in Spring's broker, in events, and in
     * the {@code failedMessage} of any exception about it, which Spring logs with its headers.
     */
    static void forgetToken(StompHeaderAccessor connect) {
        if (connect.isMutable()) {
            connect.removeNativeHeader(AUTHORIZATION);
            connect.removeNativeHeader(AUTHORIZATION.toLowerCase(Locale.ROOT));
        }
    }

    private static @Nullable String first(StompHeaderAccessor frame, String name) {
        return frame.getFirstNativeHeader(name);
    }
}
