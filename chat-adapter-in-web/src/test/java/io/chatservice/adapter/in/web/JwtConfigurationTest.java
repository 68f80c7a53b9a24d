package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

class JwtConfigurationTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(JwtConfiguration.class);

    @Test
    void startupFailsWithAClearMessageWhenTheSecretIsTooShort() {
        context.withPropertyValues("chat.auth.secret=only-31-bytes-long-secret-value")
                .run(started -> assertThat(started).hasFailed()
                        .getFailure().rootCause()
                        .hasMessageContaining("chat.auth.secret")
                        .hasMessageContaining("CHAT_AUTH_SECRET")
                        .hasMessageContaining("31 bytes")
                        .hasMessageContaining("at least 32 bytes"));
    }

    @Test
    void startupFailsWhenNoSecretIsConfigured() {
        context.run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageContaining("chat.auth.secret (env CHAT_AUTH_SECRET) is not set"));
        context.withPropertyValues("chat.auth.secret=   ")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void theSecretIsMeasuredInUtf8Bytes() {
        // 16 two-byte characters: 32 bytes, though only 16 characters.
        context.withPropertyValues("chat.auth.secret=" + "é".repeat(16))
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("chat.auth.secret=" + "é".repeat(15) + "e")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void theEncoderAndTheSharedDecoderAgree() {
        context.withPropertyValues("chat.auth.secret=" + TestTokens.SECRET).run(started -> {
            JwtEncoder encoder = started.getBean(JwtEncoder.class);
            JwtDecoder decoder = started.getBean(JwtDecoder.class);
            Instant now = Instant.now();
            JwtClaimsSet claims = JwtClaimsSet.builder()
                    .subject("alice").claim("name", "Alice").issuedAt(now).expiresAt(now.plusSeconds(60)).build();
            String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                    .getTokenValue();

            Jwt decoded = decoder.decode(token);

            assertThat(decoded.getSubject()).isEqualTo("alice");
            assertThat(JwtCallers.fromJwt(decoded).displayName()).isEqualTo("Alice");
        });
    }
}
