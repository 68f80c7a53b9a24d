package io.chatservice.application.port.in;

/** A page of a room's timeline, oldest first, tombstones included, by keyset on seq (never OFFSET). */
public interface LoadHistoryUseCase {

    HistoryPage loadHistory(HistoryQuery query);
}
