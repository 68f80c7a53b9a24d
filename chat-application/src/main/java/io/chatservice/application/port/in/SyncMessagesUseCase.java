package io.chatservice.application.port.in;

/**
 * Reconnect sync: every message whose latest change has a seq greater than the cursor, ordered by that seq,
 * tombstones included. Continue with {@code sinceSeq = page.lastSeq()} while {@code hasMore}.
 */
public interface SyncMessagesUseCase {

    SyncPage syncMessages(SyncQuery query);
}
