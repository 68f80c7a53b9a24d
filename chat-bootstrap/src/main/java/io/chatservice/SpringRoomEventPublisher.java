package io.chatservice;

import io.chatservice.application.port.out.MessagesSentTogether;
import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.RoomEvent;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes room events as Spring application events inside the use case's transaction. Spring Modulith's
 * event publication registry stores one publication per transactional listener in the same transaction (the
 * outbox), and the listeners run only after commit; an incomplete publication is retried. The messages of one
 * group commit go as one {@link MessagesSentTogether}: one publication per transaction, not per message.
 */
@Component
class SpringRoomEventPublisher implements PublishRoomEventsPort {

    private final ApplicationEventPublisher publisher;

    SpringRoomEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(List<RoomEvent> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Outside a transaction the registry would deliver at once, before anything is durable.
            throw new IllegalStateException("room events must be published inside the transaction that saves them");
        }
        if (events.size() > 1 && events.stream().allMatch(MessageSent.class::isInstance)) {
            // A group commit: one publication for the whole transaction (see MessagesSentTogether).
            publisher.publishEvent(new MessagesSentTogether(
                    events.stream().map(MessageSent.class::cast).toList()));
            return;
        }
        events.forEach(publisher::publishEvent);
    }
}
