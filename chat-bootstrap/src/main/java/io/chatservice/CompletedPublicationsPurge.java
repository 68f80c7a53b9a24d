package io.chatservice;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes event publications some time after they were completed. The outbox keeps every room event as JSON,
 * message text included: without this the table would grow forever and the text of a deleted message would
 * outlive its tombstone. Incomplete publications are never touched; they wait for their retry.
 */
@Component
class CompletedPublicationsPurge {

    private static final Logger log = LoggerFactory.getLogger(CompletedPublicationsPurge.class);

    private final CompletedEventPublications completed;
    private final Duration retention;

    CompletedPublicationsPurge(
            CompletedEventPublications completed,
            @Value("${chat.events.completed-retention:PT10M}") Duration retention) {
        this.completed = completed;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${chat.events.purge-interval:PT1M}", initialDelayString = "PT30S")
    void purge() {
        purgeOlderThan(retention);
    }

    void purgeOlderThan(Duration age) {
        try {
            completed.deletePublicationsOlderThan(age);
        } catch (RuntimeException e) {
            // The next run tries again; a database hiccup must not kill the scheduler thread's loop.
            log.warn("Could not delete completed event publications older than {}", age, e);
        }
    }
}
