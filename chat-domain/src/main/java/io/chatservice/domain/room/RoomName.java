package io.chatservice.domain.room;

import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.Texts;

/** A room's display name: 1 to 100 characters after stripping, no control characters. */
public record RoomName(String value) {

    public static final int MAX_LENGTH = 100;

    public RoomName {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("room name must not be empty");
        }
        if (!value.equals(value.strip())) {
            throw new InvalidInputException("room name must be stripped of surrounding white space");
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new InvalidInputException("room name must be at most " + MAX_LENGTH + " characters");
        }
        Texts.requireWellFormedUtf16(value, "room name");
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("room name must not contain control characters");
        }
    }

    /** Normalizes what a client sent (strips surrounding white space) and validates it. */
    public static RoomName of(String raw) {
        if (raw == null) {
            throw new InvalidInputException("room name must not be empty");
        }
        return new RoomName(raw.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
