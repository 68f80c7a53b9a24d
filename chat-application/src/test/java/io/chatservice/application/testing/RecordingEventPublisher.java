package io.chatservice.application.testing;

import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.shared.RoomId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Records the events handed over for delivery. Like the outbox it stands in for, it accepts events only
 * inside a read-write transaction and keeps them only if that transaction commits: {@link #published()}
 * never shows an event of a rolled-back use case.
 */
public final class RecordingEventPublisher implements PublishRoomEventsPort, TransactionParticipant {

    private final List<RoomEvent> published = new ArrayList<>();
    private final List<RoomEvent> pending = new ArrayList<>();
    private @Nullable Thread transactionThread;
    private boolean readOnly;

    @Override
    public synchronized void publish(List<RoomEvent> events) {
        if (transactionThread != Thread.currentThread()) {
            throw new IllegalStateException("room events must be published inside the transaction that saved them");
        }
        if (readOnly) {
            throw new IllegalStateException("room events cannot be published in a read-only transaction");
        }
        pending.addAll(events);
    }

    /** Events of committed transactions, in the order they were published. */
    public synchronized List<RoomEvent> published() {
        return List.copyOf(published);
    }

    /** Committed events of one room, in the order they were published. */
    public synchronized List<RoomEvent> publishedIn(RoomId roomId) {
        return published.stream().filter(event -> event.roomId().equals(roomId)).toList();
    }

    /** Forgets the events recorded so far, so that a test can look only at what its action publishes. */
    public synchronized void clear() {
        published.clear();
    }

    @Override
    public synchronized void begin(boolean readOnlyTransaction) {
        transactionThread = Thread.currentThread();
        readOnly = readOnlyTransaction;
        pending.clear();
    }

    @Override
    public synchronized void commit() {
        published.addAll(pending);
        end();
    }

    @Override
    public synchronized void rollback() {
        end();
    }

    private void end() {
        pending.clear();
        transactionThread = null;
        readOnly = false;
    }
}
