package io.chatservice.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 bearer tokens the server accepts under {@code chat.auth.secret}, so the tool works against a
 * configured server without dev tokens. JSON is written by hand: the claims are a user id and a name, which the
 * tool itself generates, and {@link #jsonString} escapes them anyway.
 */
final class Hs256Tokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private final byte[] secret;
    private final Duration ttl;

    Hs256Tokens(String secret, Duration ttl) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("--secret must be at least 32 bytes, as the server requires");
        }
        this.secret = key;
        this.ttl = ttl;
    }

    String mint(String userId, String name, Instant now) {
        long iat = now.getEpochSecond();
        String claims = "{\"sub\":" + jsonString(userId) + ",\"name\":" + jsonString(name) + ",\"iat\":" + iat
                + ",\"exp\":" + (iat + ttl.toSeconds()) + "}";
        return sign(HEADER, claims, secret);
    }

    static String sign(String headerJson, String claimsJson, byte[] key) {
        String signingInput = encode(headerJson) + "." + encode(claimsJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
