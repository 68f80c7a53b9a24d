package io.chatservice.it.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens a hostile or broken client may present, beyond those of {@link Tokens}: signed with the right
 * secret but wrong in a way the contract refuses (another algorithm, a claim of the wrong type or size, not yet
 * valid), or with the signature tampered with. Every one must be refused with 401 over REST and an
 * UNAUTHORIZED ERROR frame over STOMP; {@link #refused()} lists them for both protocols' tests.
 */
public final class HostileTokens {

    private static final Duration FAR = Duration.ofMinutes(10);

    private final byte[] secret;
    private final Tokens tokens;

    public HostileTokens(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tokens = new Tokens(secret);
    }

    /** One refused token: how to make it for a given user id. */
    public record Case(String description, BiFunction<HostileTokens, String, String> minter) {

        public String mint(HostileTokens tokens, String userId) {
            return minter.apply(tokens, userId);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    public static Stream<Case> refused() {
        return Stream.of(
                new Case("alg none, claims otherwise valid", (t, user) -> t.tokens.unsigned(user)),
                new Case("alg none with the HS256 signature kept", HostileTokens::noneHeaderOnSignedToken),
                new Case("HS512 with the right secret", (t, user) -> t.signByHand("HS512", "HmacSHA512", valid(user))),
                new Case("HS384 with the right secret", (t, user) -> t.signByHand("HS384", "HmacSHA384", valid(user))),
                new Case("signed with a wrong secret", (t, user) -> t.tokens.signedWithAnotherSecret(user)),
                new Case("signature stripped", (t, user) -> {
                    String signed = t.sign(JWSAlgorithm.HS256, valid(user));
                    return signed.substring(0, signed.lastIndexOf('.') + 1);
                }),
                new Case("payload swapped under a valid signature", HostileTokens::swappedPayload),
                new Case("expired ten minutes ago", (t, user) -> t.tokens.expired(user)),
                new Case("no exp", (t, user) -> t.tokens.withoutExpiry(user)),
                new Case("exp a string", (t, user) -> t.sign(JWSAlgorithm.HS256, valid(user, claims -> claims
                        .claim("exp", "tomorrow")))),
                new Case("not valid before ten minutes from now", (t, user) -> t.sign(JWSAlgorithm.HS256,
                        valid(user, claims -> claims.notBeforeTime(Date.from(Instant.now().plus(FAR)))))),
                new Case("no sub", (t, user) -> t.tokens.withoutSubject()),
                new Case("sub empty", (t, user) -> t.sign(JWSAlgorithm.HS256, valid("", UnaryOperator.identity()))),
                new Case("sub of 65 characters", (t, user) -> t.sign(JWSAlgorithm.HS256,
                        valid("u".repeat(65), UnaryOperator.identity()))),
                new Case("sub with a control character", (t, user) -> t.sign(JWSAlgorithm.HS256,
                        valid(user + "\u0007", UnaryOperator.identity()))),
                new Case("name of 129 characters", (t, user) -> t.sign(JWSAlgorithm.HS256, valid(user, claims -> claims
                        .claim("name", "n".repeat(129))))),
                new Case("name an object", (t, user) -> t.sign(JWSAlgorithm.HS256, valid(user, claims -> claims
                        .claim("name", java.util.Map.of("first", "Al"))))));
    }

    private String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
        return jwt.serialize();
    }

    /**
     * Nimbus refuses to sign HS384/HS512 with a key shorter than the hash (RFC 7518, 3.2); a hostile client is
     * not so particular, so these are signed with the JDK's MAC directly.
     */
    private String signByHand(String alg, String macAlgorithm, JWTClaimsSet claims) {
        String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(claims.toString()).toString();
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret, macAlgorithm));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64URL.encode(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a test token with " + alg, e);
        }
    }

    /** A properly signed HS256 token whose header is then rewritten to say {@code alg: none}. */
    private static String noneHeaderOnSignedToken(HostileTokens tokens, String user) {
        String[] parts = tokens.sign(JWSAlgorithm.HS256, valid(user)).split("\\.");
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        return none + "." + parts[1] + "." + parts[2];
    }

    /** Another user's claims under the signature made for this user's: a forgery that reuses a real signature. */
    private static String swappedPayload(HostileTokens tokens, String user) {
        String[] mine = tokens.sign(JWSAlgorithm.HS256, valid(user)).split("\\.");
        String[] forged = tokens.sign(JWSAlgorithm.HS256, valid(user + "-admin")).split("\\.");
        return mine[0] + "." + forged[1] + "." + mine[2];
    }

    private static JWTClaimsSet valid(String user) {
        return valid(user, UnaryOperator.identity());
    }

    private static JWTClaimsSet valid(String user, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(FAR)));
        return change.apply(claims).build();
    }
}
