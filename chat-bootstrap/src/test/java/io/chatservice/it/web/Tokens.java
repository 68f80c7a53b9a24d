package io.chatservice.it.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.jspecify.annotations.Nullable;

/**
 * Mints bearer tokens the way an identity provider would, with Nimbus directly rather than the service's own
 * encoder, so the tests check the service against the contract (HS256 under {@code chat.auth.secret}) and not
 * against itself. Also mints the broken tokens the service must refuse.
 */
public final class Tokens {

    /** Well past the decoder's 60 s clock skew, so "expired" is not a matter of timing. */
    private static final Duration FAR = Duration.ofMinutes(10);

    private final byte[] secret;

    public Tokens(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String valid(String userId, @Nullable String name) {
        Instant now = Instant.now();
        return sign(claims(userId, name, now, now.plus(FAR)), secret);
    }

    /** Issued and expired in the past, in that order: a token that was once valid, not a malformed one. */
    public String expired(String userId) {
        Instant now = Instant.now();
        return sign(claims(userId, null, now.minus(FAR.multipliedBy(2)), now.minus(FAR)), secret);
    }

    /** A token without {@code exp} would be valid forever. */
    public String withoutExpiry(String userId) {
        return sign(new JWTClaimsSet.Builder().subject(userId).issueTime(new Date()).build(), secret);
    }

    public String signedWithAnotherSecret(String userId) {
        byte[] other = "another-secret-that-is-also-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        return sign(claims(userId, null, now, now.plus(FAR)), other);
    }

    /** {@code alg: none}: claims the service would accept, but no signature at all. */
    public String unsigned(String userId) {
        Instant now = Instant.now();
        return new PlainJWT(claims(userId, null, now, now.plus(FAR))).serialize();
    }

    public String withoutSubject() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(FAR)))
                .build();
        return sign(claims, secret);
    }

    private static JWTClaimsSet claims(String userId, @Nullable String name, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt));
        if (name != null) {
            claims.claim("name", name);
        }
        return claims.build();
    }

    private static String sign(JWTClaimsSet claims, byte[] key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
        return jwt.serialize();
    }
}
