package io.chatservice.application.port.in;

import io.chatservice.domain.shared.UserId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The authenticated user on whose behalf a use case runs: the token's {@code sub} and {@code name}. */
public record Caller(UserId id, @Nullable String displayName) {

    public Caller {
        Objects.requireNonNull(id, "id");
    }
}
