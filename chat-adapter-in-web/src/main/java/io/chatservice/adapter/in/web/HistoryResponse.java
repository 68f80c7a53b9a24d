package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.HistoryPage;
import java.util.List;

/** A history page, oldest first; {@code hasMore} says whether older messages exist before the first one. */
record HistoryResponse(List<MessageResponse> messages, boolean hasMore) {

    static HistoryResponse of(HistoryPage page) {
        return new HistoryResponse(page.messages().stream().map(MessageResponse::of).toList(), page.hasMore());
    }
}
