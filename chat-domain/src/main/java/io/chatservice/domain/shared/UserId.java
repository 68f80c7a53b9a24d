package io.chatservice.domain.shared;

/** An opaque user id, the {@code sub} of the caller's token: 1 to 64 characters, no control characters. */
public record UserId(String value) {

    public static final int MAX_LENGTH = 64;

    public UserId {
        Identifiers.requireAddressableId(value, "user id", MAX_LENGTH);
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
