package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.MessagesSentTogether;
import io.chatservice.domain.message.RoomEvent;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands each room event to the fan-out once its transaction has committed. Spring Modulith's event publication
 * registry keeps the publication incomplete until this method returns normally: a failed fan-out never rolls
 * back the message, and the incomplete publication is handed to this listener again (periodically, and when
 * the service restarts).
 *
 * <p>This is {@code @ApplicationModuleListener} spelled out, so that it runs on its own bounded executor
 * ({@link RoomEventRelayConfiguration}): handing an event over never blocks the committing thread, which still
 * holds its database connection, and at most a few relays hold a connection of their own at a time. The relays
 * run in parallel but publish in commit order ({@link RelayPublishOrder}).
 *
 * <p>Unlike {@code @ApplicationModuleListener}, a relay runs in no transaction: it does no database work, and the
 * registry marks the publication completed in a transaction of its own. A {@code REQUIRES_NEW} transaction here
 * only held a pooled connection (and an entity manager) for as long as the Redis commands took.
 */
@Component
class RoomEventRelay {

    private final RoomEventFanout fanout;
    private final RelayPublishOrder publishOrder;

    RoomEventRelay(RoomEventFanout fanout, RelayPublishOrder publishOrder) {
        this.fanout = fanout;
        this.publishOrder = publishOrder;
    }

    @Async(RoomEventRelayConfiguration.EXECUTOR)
    @TransactionalEventListener
    void relay(RoomEvent event) {
        publishOrder.publishInTurn(() -> fanout.fanOut(event));
    }

    /**
     * The messages of one group commit: published together (pipelined, in commit order) and completed together,
     * one publication for the whole batch. After a crash the whole batch is published again; subscribers drop
     * the seqs they already have.
     */
    @Async(RoomEventRelayConfiguration.EXECUTOR)
    @TransactionalEventListener
    void relay(MessagesSentTogether batch) {
        publishOrder.publishInTurn(() -> fanout.fanOutAll(batch.events()));
    }
}
