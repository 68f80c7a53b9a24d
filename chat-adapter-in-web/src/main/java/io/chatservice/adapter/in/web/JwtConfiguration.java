package io.chatservice.adapter.in.web;

import io.chatservice.domain.message.Message;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.UserId;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The HS256 token codec every inbound adapter shares: the REST security filter chain here, and the STOMP
 * CONNECT interceptor, which injects the same {@link JwtDecoder} bean.
 *
 * <p>A token is accepted only if it is signed with HS256 under {@code chat.auth.secret} (so {@code alg: none}
 * and every other algorithm are refused), has an {@code exp} that has not passed (60 s clock skew), a
 * {@code sub} that is a valid user id (1 to 64 characters, no control characters) and, if it has a
 * {@code name}, a string of at most {@value Message#MAX_SENDER_NAME_LENGTH} characters. Checking the claims
 * here, once, means an adapter that got a {@link Jwt} from this decoder can build a caller from it safely.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    static final String SECRET_PROPERTY = "chat.auth.secret";
    static final int MIN_SECRET_BYTES = 32;
    static final String NAME_CLAIM = "name";

    private final SecretKey key;

    JwtConfiguration(@Value("${" + SECRET_PROPERTY + ":}") String secret) {
        this.key = hmacKey(secret);
    }

    @Bean
    JwtDecoder jwtDecoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(tokenValidator());
        return decoder;
    }

    @Bean
    JwtEncoder jwtEncoder() {
        return NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
    }

    /** The secret's UTF-8 bytes are the key; HS256 needs at least 256 bits of them (RFC 7518, 3.2). */
    static SecretKey hmacKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (secret.isBlank()) {
            throw new IllegalStateException(SECRET_PROPERTY + " (env CHAT_AUTH_SECRET) is not set: "
                    + "it must be a secret of at least " + MIN_SECRET_BYTES + " bytes to sign and check HS256 tokens");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(SECRET_PROPERTY + " (env CHAT_AUTH_SECRET) is " + bytes.length
                    + " bytes long; HS256 needs a secret of at least " + MIN_SECRET_BYTES + " bytes");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    static OAuth2TokenValidator<Jwt> tokenValidator() {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        // A token without exp would be valid forever.
        timestamps.setAllowEmptyExpiryClaim(false);
        return new DelegatingOAuth2TokenValidator<>(
                timestamps, JwtConfiguration::validateSubject, JwtConfiguration::validateName);
    }

    private static OAuth2TokenValidatorResult validateSubject(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null) {
            return invalid("the sub claim is required");
        }
        try {
            UserId.of(subject);
            return OAuth2TokenValidatorResult.success();
        } catch (InvalidInputException invalidUserId) {
            return invalid("the sub claim is not a valid user id: " + invalidUserId.getMessage());
        }
    }

    private static OAuth2TokenValidatorResult validateName(Jwt jwt) {
        Object name = jwt.getClaims().get(NAME_CLAIM);
        if (name == null) {
            return OAuth2TokenValidatorResult.success();
        }
        if (!(name instanceof String text)) {
            return invalid("the name claim must be a string");
        }
        // Measured as the domain measures a sender name, so a name accepted here is never refused on send.
        if (text.strip().length() > Message.MAX_SENDER_NAME_LENGTH) {
            return invalid("the name claim must be at most " + Message.MAX_SENDER_NAME_LENGTH + " characters");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
