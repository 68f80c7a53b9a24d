package io.chatservice.application.port.out;

import io.chatservice.domain.message.MessageSent;
import java.util.List;
import java.util.Objects;

/**
 * The messages one group-commit transaction saved, handed over for delivery as one unit rather than one event
 * each. The outbox then records one publication per transaction instead of one per message, and the relay
 * publishes and completes it in one step: per message, the outbox cost (an insert, and two updates each in its
 * own commit) was what capped the durable send rate (ADR 0011). The events stay in their commit order.
 *
 * <p>Concrete element type on purpose: the outbox stores this as JSON and reads it back after a crash, and a
 * list of {@link MessageSent} needs no type ids to do so.
 */
public record MessagesSentTogether(List<MessageSent> events) {

    public MessagesSentTogether {
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one message");
        }
    }
}
