package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Hs256TokensTest {

    @Test
    void signsLikeTheJwtSpecificationsExample() {
        // The HS256 example of jwt.io (RFC 7519 style), with its published signature.
        String token = Hs256Tokens.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}",
                "your-256-bit-secret".getBytes(StandardCharsets.UTF_8));

        assertThat(token).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
    }

    @Test
    void mintedTokensCarryTheUserANameAndAnExpiry() {
        Hs256Tokens tokens = new Hs256Tokens("a-secret-that-is-at-least-32-bytes-long", Duration.ofHours(2));

        String token = tokens.mint("bench-\"user\"", "Bench", Instant.ofEpochSecond(1_000));

        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).isEqualTo(
                "{\"sub\":\"bench-\\\"user\\\"\",\"name\":\"Bench\",\"iat\":1000,\"exp\":8200}");
    }

    @Test
    void aSecretShorterThanTheServerAcceptsIsRefused() {
        assertThatThrownBy(() -> new Hs256Tokens("short", Duration.ofHours(1)))
                .hasMessageContaining("at least 32 bytes");
    }
}
