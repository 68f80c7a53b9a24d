package io.chatservice.domain.shared;

import java.security.SecureRandom;
import java.util.UUID;

/** Validation and generation shared by the opaque id value objects. */
public final class Identifiers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {
    }

    /**
     * Rejects with an {@link InvalidInputException} ids that are null, blank, over-long, or contain control
     * characters or malformed UTF-16.
     */
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
     * {@link #requireOpaqueId} for ids that travel as URL path segments (room, message and user ids, as in
     * {@code DELETE /rooms/{roomId}/members/{userId}}). A slash, backslash or semicolon, or a segment of only
     * dots, is rewritten or refused by servlet containers whatever the encoding, so such an id could be created
     * but never addressed: a member nobody could remove.
     */
    public static void requireAddressableId(String value, String what, int maxLength) {
        requireOpaqueId(value, what, maxLength);
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0 || value.indexOf(';') >= 0) {
            throw new InvalidInputException(what + " must not contain '/', '\\' or ';'");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidInputException(what + " must not be '.' or '..'");
        }
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
