package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.chatservice.application.port.in.Caller;
import io.chatservice.domain.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class StompAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String TOKEN = "header.payload.signature";

    private final JwtDecoder decoder = mock(JwtDecoder.class);
    private final StompAuthenticator authenticator =
            new StompAuthenticator(decoder, Clock.fixed(NOW, ZoneOffset.UTC));

    private static StompHeaderAccessor connect(@Nullable String header, @Nullable String value) {
        StompHeaderAccessor connect = StompHeaderAccessor.create(StompCommand.CONNECT);
        if (header != null) {
            connect.setNativeHeader(header, value);
        }
        return connect;
    }

    private static Jwt jwt(String subject, @Nullable String name, Instant expiresAt) {
        Jwt.Builder builder = Jwt.withTokenValue(TOKEN).header("alg", "HS256").subject(subject)
                .issuedAt(expiresAt.minusSeconds(3600)).expiresAt(expiresAt);
        if (name != null) {
            builder.claim("name", name);
        }
        return builder.build();
    }

    private void assertUnauthorized(StompHeaderAccessor connect, String message) {
        assertThatThrownBy(() -> authenticator.authenticate(connect))
                .isInstanceOfSatisfying(StompConnectionRefusedException.class, refused -> {
                    assertThat(refused.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(refused.error().message()).isEqualTo(message).doesNotContain(TOKEN);
                });
    }

    @Test
    void aValidTokenMakesTheCallerFromSubAndName() {
        when(decoder.decode(TOKEN)).thenReturn(jwt("alice", "Alice", NOW.plusSeconds(600)));

        var authenticated = authenticator.authenticate(connect("Authorization", "Bearer " + TOKEN));

        assertThat(authenticated.caller()).isEqualTo(new Caller(UserId.of("alice"), "Alice"));
        assertThat(authenticated.expiresAt()).isEqualTo(NOW.plusSeconds(600));
    }

    @Test
    void theHeaderNameInLowerCaseAndTheSchemeInAnyCaseAreAccepted() {
        when(decoder.decode(TOKEN)).thenReturn(jwt("bob", null, NOW.plusSeconds(60)));

        var authenticated = authenticator.authenticate(connect("authorization", "bearer  " + TOKEN));

        assertThat(authenticated.caller()).isEqualTo(new Caller(UserId.of("bob"), null));
    }

    @Test
    void aMissingHeaderIsRefusedWithoutCallingTheDecoder() {
        assertUnauthorized(connect(null, null), "CONNECT needs an Authorization header with a bearer token");
        verify(decoder, never()).decode(anyString());
    }

    @Test
    void anotherSchemeOrAnEmptyTokenIsRefused() {
        assertUnauthorized(connect("Authorization", "Basic YWxpY2U6cw=="),
                "the Authorization header must be 'Bearer <token>'");
        assertUnauthorized(connect("Authorization", "Bearer "), "the Authorization header must be 'Bearer <token>'");
        assertUnauthorized(connect("Authorization", "Bearer    "), "the Authorization header must be 'Bearer <token>'");
        verify(decoder, never()).decode(anyString());
    }

    @Test
    void aTokenTheDecoderRejectsIsRefusedWithoutSayingWhy() {
        when(decoder.decode(TOKEN)).thenThrow(new BadJwtException("Signed JWT rejected: Invalid signature " + TOKEN));

        assertUnauthorized(connect("Authorization", "Bearer " + TOKEN), "the bearer token is invalid or has expired");
    }

    @Test
    void aTokenPastItsExpiryIsRefusedEvenInsideTheDecodersClockSkew() {
        when(decoder.decode(TOKEN)).thenReturn(jwt("alice", null, NOW.minusSeconds(30)));

        assertUnauthorized(connect("Authorization", "Bearer " + TOKEN), "the bearer token has expired");
    }

    @Test
    void aTokenExpiringThisVeryInstantIsRefused() {
        when(decoder.decode(TOKEN)).thenReturn(jwt("alice", null, NOW));

        assertUnauthorized(connect("Authorization", "Bearer " + TOKEN), "the bearer token has expired");
    }
}
