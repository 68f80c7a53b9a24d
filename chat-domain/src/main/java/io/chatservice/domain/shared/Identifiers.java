package io.chatservice.domain.shared;

import java.security.SecureRandom;
import java.util.UUID;

/** Validation and generation shared by the opaque id value objects. */
public final class Identifiers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {
    }

    /** Rejects null, blank, over-long, control-character and malformed-UTF-16 ids with an {@link InvalidInputException}. */
    public static void requireOpaqueId(String value, String what, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(what + " must not be empty or blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(what + " must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidInputException(what + " must not contain control characters");
            }
        }
        Texts.requireWellFormedUtf16(value, what);
    }

    /**
     * A time-ordered UUID (version 7, RFC 9562). Ids created later sort later, which keeps the primary
     * key index of an append-only table compact, unlike random version 4 UUIDs.
     */
    public static String timeOrderedUuid() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
