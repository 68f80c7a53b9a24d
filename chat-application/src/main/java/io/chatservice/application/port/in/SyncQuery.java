package io.chatservice.application.port.in;

import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.RoomId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Exactly one cursor: {@code afterMessageId} (the last message the client has; its seq is the cursor) or
 * {@code sinceSeq} (the last seq the client has seen, 0 for everything).
 */
public record SyncQuery(
        Caller caller, RoomId roomId, @Nullable MessageId afterMessageId, @Nullable Long sinceSeq, PageLimit limit) {

    public SyncQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(limit, "limit");
        if ((afterMessageId == null) == (sinceSeq == null)) {
            throw new InvalidInputException("give exactly one of after (a message id) and sinceSeq");
        }
        if (sinceSeq != null && sinceSeq < 0) {
            throw new InvalidInputException("sinceSeq must not be negative");
        }
    }
}
