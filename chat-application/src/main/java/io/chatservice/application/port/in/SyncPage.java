package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;
import java.util.List;

/**
 * @param lastSeq the seq up to which this page brings the client: the room's last seq when {@code hasMore}
 *     is false (lower than the cursor only when the client claimed a seq the room never reached), else the last
 *     seq in the page. The next sync starts from it.
 */
public record SyncPage(List<Message> messages, long lastSeq, boolean hasMore) {

    public SyncPage {
        messages = List.copyOf(messages);
    }
}
