package io.chatservice.adapter.in.web;

import com.nimbusds.jose.JOSEException;
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

/**
 * Tokens made with Nimbus directly, not with the adapter's encoder, so the tests check the decoder against
 * an independent implementation of HS256, including tokens the adapter would never make.
 */
final class TestTokens {

    static final String SECRET = "test-secret-for-the-web-adapter-at-least-32-bytes";
    static final String OTHER_SECRET = "another-secret-nobody-configured-also-32-bytes-long";

    private TestTokens() {
    }

    static String valid(String userId) {
        return valid(userId, null);
    }

    static String valid(String userId, String name) {
        return sign(claims(userId, name).build());
    }

    static String expired(String userId) {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        return sign(new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(Date.from(longAgo.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(longAgo))
                .build());
    }

    static JWTClaimsSet.Builder claims(String userId, String name) {
        var builder = new JWTClaimsSet.Builder()
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))));
        if (userId != null) {
            builder.subject(userId);
        }
        if (name != null) {
            builder.claim("name", name);
        }
        return builder;
    }

    static String sign(JWTClaimsSet claims) {
        return sign(claims, SECRET, JWSAlgorithm.HS256);
    }

    static String sign(JWTClaimsSet claims, String secret, JWSAlgorithm algorithm) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: a token anyone can write. */
    static String unsigned(String userId) {
        return new PlainJWT(claims(userId, null).build()).serialize();
    }
}
