package io.chatservice.domain.message;

import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.Texts;

/**
 * The text of a message: stored stripped of leading and trailing white space, then 1 to 4000 characters
 * (Unicode code points, so an emoji counts once), never containing NUL, which PostgreSQL cannot store in
 * text and which no client means to send.
 */
public record MessageContent(String value) {

    public static final int MAX_CODE_POINTS = 4000;

    public MessageContent {
        if (value == null) {
            throw new InvalidInputException("content must not be null");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidInputException("content must not contain NUL characters");
        }
        Texts.requireWellFormedUtf16(value, "content");
        if (!value.equals(value.strip())) {
            throw new InvalidInputException("content must be stripped of surrounding white space");
        }
        if (value.isEmpty()) {
            throw new InvalidInputException("content must not be empty or only white space");
        }
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints > MAX_CODE_POINTS) {
            throw new InvalidInputException(
                    "content must be at most " + MAX_CODE_POINTS + " characters, was " + codePoints);
        }
    }

    /** Normalizes what a client sent (strips surrounding white space) and validates it. */
    public static MessageContent of(String raw) {
        if (raw == null) {
            throw new InvalidInputException("content must not be null");
        }
        return new MessageContent(raw.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
