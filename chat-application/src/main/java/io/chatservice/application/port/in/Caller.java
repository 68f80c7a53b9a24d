package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;
import io.chatservice.domain.shared.UserId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The authenticated user on whose behalf a use case runs: the token's {@code sub} and {@code name}. */
public record Caller(UserId id, @Nullable String displayName) {

    public Caller {
        Objects.requireNonNull(id, "id");
        // A display name is decoration: an over-long one from an identity provider is cut, not a reason to
        // refuse every request of that user.
        if (displayName != null && displayName.length() > Message.MAX_SENDER_NAME_LENGTH) {
            int end = displayName.offsetByCodePoints(0,
                    Math.min(Message.MAX_SENDER_NAME_LENGTH, displayName.codePointCount(0, displayName.length())));
            displayName = displayName.substring(0, Math.min(end, Message.MAX_SENDER_NAME_LENGTH));
        }
    }
}
