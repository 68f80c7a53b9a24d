package io.chatservice.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatservice.application.port.in.UnreadStatus;
import org.jspecify.annotations.Nullable;

/** {@code lastReadMessageId} is null until the caller has read anything. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record UnreadResponse(long unreadCount, @Nullable String lastReadMessageId) {

    static UnreadResponse of(UnreadStatus status) {
        return new UnreadResponse(
                status.unreadCount(),
                status.lastReadMessageId() == null ? null : status.lastReadMessageId().value());
    }
}
