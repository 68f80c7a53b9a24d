package io.chatservice;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox (Spring Modulith's event publication table) honest while the service runs:
 *
 * <ul>
 *   <li>An incomplete publication older than {@code chat.events.resubmit-after} is handed to its listener again.
 *       A fan-out that failed (Redis down, a relay that timed out) is then retried without waiting for a
 *       restart. The event may reach an instance twice; receivers drop seqs they have delivered.
 *   <li>A completed publication older than {@code chat.events.completed-retention} is deleted. The rows hold
 *       message text: without this the table would grow forever and the text of a deleted message would
 *       outlive its tombstone.
 * </ul>
 */
@Component
class EventPublicationMaintenance {

    private static final Logger log = LoggerFactory.getLogger(EventPublicationMaintenance.class);

    private final CompletedEventPublications completed;
    private final IncompleteEventPublications incomplete;
    private final Duration retention;
    private final Duration resubmitAfter;

    EventPublicationMaintenance(
            CompletedEventPublications completed,
            IncompleteEventPublications incomplete,
            @Value("${chat.events.completed-retention:PT10M}") Duration retention,
            @Value("${chat.events.resubmit-after:PT2M}") Duration resubmitAfter) {
        this.completed = completed;
        this.incomplete = incomplete;
        this.retention = retention;
        this.resubmitAfter = resubmitAfter;
    }

    @Scheduled(fixedDelayString = "${chat.events.maintenance-interval:PT1M}", initialDelayString = "PT30S")
    void maintain() {
        resubmitOlderThan(resubmitAfter);
        purgeOlderThan(retention);
    }

    void resubmitOlderThan(Duration age) {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(age);
        } catch (RuntimeException e) {
            // The next run tries again; a database hiccup must not end the schedule.
            log.warn("Could not resubmit incomplete event publications older than {}", age, e);
        }
    }

    void purgeOlderThan(Duration age) {
        try {
            completed.deletePublicationsOlderThan(age);
        } catch (RuntimeException e) {
            log.warn("Could not delete completed event publications older than {}", age, e);
        }
    }
}
