package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** @param before the page ends just before this message; {@code null} for the latest page */
public record HistoryQuery(Caller caller, RoomId roomId, @Nullable MessageId before, PageLimit limit) {

    public HistoryQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(limit, "limit");
    }
}
