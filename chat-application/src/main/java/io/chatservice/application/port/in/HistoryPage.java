package io.chatservice.application.port.in;

import io.chatservice.domain.message.Message;
import java.util.List;

/** @param hasMore whether older messages exist before the first one of this page */
public record HistoryPage(List<Message> messages, boolean hasMore) {

    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
