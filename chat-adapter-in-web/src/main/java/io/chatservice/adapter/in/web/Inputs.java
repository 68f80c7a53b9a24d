package io.chatservice.adapter.in.web;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Turns request strings into domain values, blaming the request field when the domain rejects one. */
final class Inputs {

    private Inputs() {
    }

    /** The domain's value factories reject null like any other invalid value, with an InvalidInputException. */
    static <T> T field(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException invalid) {
            throw new InvalidFieldException(field, invalid.getMessage());
        }
    }

    static RoomId roomId(@Nullable String raw) {
        return field("roomId", () -> RoomId.of(raw));
    }

    static MessageId messageId(String field, @Nullable String raw) {
        return field(field, () -> MessageId.of(raw));
    }

    static UserId userId(String field, @Nullable String raw) {
        return field(field, () -> UserId.of(raw));
    }

    /** Enum values are matched exactly, as the contract spells them; the message lists the accepted ones. */
    static <E extends Enum<E>> E enumValue(String field, @Nullable String raw, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(raw)) {
                return constant;
            }
        }
        throw new InvalidFieldException(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
}
