package io.chatservice.adapter.in.web;

import io.chatservice.domain.shared.UserId;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mints a token for any user id, so the demo page and local tries need no identity provider. It is a bean
 * only with {@code chat.dev-tokens.enabled=true}; without it the path is an unknown route (404), which is
 * also why security lets anonymous requests reach it.
 */
@RestController
@ConditionalOnBooleanProperty(DevTokenController.ENABLED_PROPERTY)
class DevTokenController {

    static final String ENABLED_PROPERTY = "chat.dev-tokens.enabled";
    static final String TTL_PROPERTY = "chat.dev-tokens.ttl";

    private final JwtEncoder encoder;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    DevTokenController(JwtEncoder encoder, @Value("${" + TTL_PROPERTY + ":12h}") Duration ttl) {
        this(encoder, ttl, Clock.systemUTC());
    }

    DevTokenController(JwtEncoder encoder, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException(TTL_PROPERTY + " must be positive, was " + ttl);
        }
        this.encoder = encoder;
        this.ttl = ttl;
        this.clock = clock;
    }

    @PostMapping(path = "/api/dev/tokens",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    DevTokenResponse issue(@Valid @RequestBody DevTokenRequest body) {
        UserId userId = Inputs.userId("userId", body.userId());
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(userId.value())
                .issuedAt(now)
                .expiresAt(now.plus(ttl));
        if (body.name() != null && !body.name().isBlank()) {
            claims.claim(JwtConfiguration.NAME_CLAIM, body.name().strip());
        }
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new DevTokenResponse(token);
    }
}
