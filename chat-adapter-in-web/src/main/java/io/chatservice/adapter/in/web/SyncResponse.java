package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.SyncPage;
import java.util.List;

/** A sync page in {@code lastEventSeq} order; continue with {@code sinceSeq=lastSeq} while {@code hasMore}. */
record SyncResponse(List<MessageResponse> messages, long lastSeq, boolean hasMore) {

    static SyncResponse of(SyncPage page) {
        return new SyncResponse(
                page.messages().stream().map(MessageResponse::of).toList(), page.lastSeq(), page.hasMore());
    }
}
