package io.chatservice.domain.shared;

/** Checks on text that every user-supplied string of the domain shares. */
public final class Texts {

    private Texts() {
    }

    /**
     * Whether the string is valid UTF-16, that is, has no unpaired surrogate. An unpaired surrogate cannot be
     * encoded as UTF-8: PostgreSQL would store a replacement character, so what was acknowledged would differ
     * from what is read back, and two distinct ids could collapse into one.
     */
    public static boolean isWellFormedUtf16(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Throws an {@link InvalidInputException} naming {@code what} when the string is not valid UTF-16. */
    public static void requireWellFormedUtf16(String value, String what) {
        if (!isWellFormedUtf16(value)) {
            throw new InvalidInputException(what + " must be valid Unicode text (it has an unpaired surrogate)");
        }
    }
}
