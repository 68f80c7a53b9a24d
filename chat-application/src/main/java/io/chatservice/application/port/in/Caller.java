package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;
import io.chatservice.domain.shared.Texts;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The authenticated user on whose behalf a use case runs: the token's {@code sub} and {@code name}. */
public record Caller(UserId id, @Nullable String displayName) {

    public Caller {
        Objects.requireNonNull(id, "id");
        displayName = usableDisplayName(displayName);
    }

    /**
     * A display name is decoration from the identity provider: an over-long one is cut (never inside a
     * surrogate pair) and a malformed one dropped, rather than refusing every request of that user.
     */
    private static @Nullable String usableDisplayName(@Nullable String name) {
        if (name == null || !Texts.isWellFormedUtf16(name)) {
            return null;
        }
        if (name.length() <= Message.MAX_SENDER_NAME_LENGTH) {
            return name;
        }
        int end = Message.MAX_SENDER_NAME_LENGTH;
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }
}
