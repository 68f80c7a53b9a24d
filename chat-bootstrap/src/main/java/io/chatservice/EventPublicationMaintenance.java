package io.chatservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox (Spring Modulith's event publication table) honest while the service runs, on every instance,
 * at start-up and then every {@code chat.events.maintenance-interval}:
 *
 * <ul>
 *   <li><b>Resubmission of stale publications.</b> An incomplete publication nobody has touched (published or
 *       resubmitted) for {@code chat.events.resubmit-after} is handed to its listener again: a relay that failed
 *       (Redis down), or one that died with its instance (killed between commit and broadcast), is retried by
 *       whichever instance gets there first, without waiting for the dead one to come back. Publications younger
 *       than that are another live instance's in-flight work and are left alone; this is also what replaces
 *       Modulith's republish-on-restart, which resubmits every incomplete publication, in-flight ones included.
 *       A run resubmits at most {@code chat.events.resubmit-batch-size}, the longest untouched first.
 *   <li><b>One instance per resubmission.</b> Before resubmitting, an instance claims the publication by moving
 *       its {@code last_resubmission_date} with a compare-and-set on the value it read; only one instance's
 *       update matches, so two instances running at once never both resubmit it, and the next attempt waits
 *       another {@code resubmit-after}. Modulith's own claim (status {@code RESUBMITTED}) lasts only until the
 *       relay starts, and a publication left {@code RESUBMITTED} (its instance died before the relay ran) would
 *       never be resubmitted again: the claim turns it back to {@code FAILED} first.
 *   <li><b>Clean-up.</b> A completed publication older than {@code chat.events.completed-retention} is deleted.
 *       The rows hold message text: without this the table would grow forever and the text of a deleted message
 *       would outlive its tombstone.
 * </ul>
 *
 * A resubmitted event may still reach Redis twice (a relay slower than {@code resubmit-after}, or a crash after
 * the broadcast and before the completion mark); receivers drop seqs they have delivered (ADR 0007).
 */
@Component
class EventPublicationMaintenance {

    private static final Logger log = LoggerFactory.getLogger(EventPublicationMaintenance.class);

    /**
     * The stale rows, by id only and at most a batch of them, the longest untouched first: what is worth asking
     * Modulith for. "Touched" as in {@link #lastTouched}.
     */
    private static final String STALE = """
            select id from event_publication
             where completion_date is null
               and coalesce(last_resubmission_date, publication_date) < ?
             order by coalesce(last_resubmission_date, publication_date)
             limit ?""";

    /**
     * The claim: only the instance whose read of {@code last_resubmission_date} is still current wins. Relies on
     * the registry's schema v2, which our own migration (V2__event_publication.sql) pins.
     */
    private static final String CLAIM = """
            update event_publication
               set last_resubmission_date = ?,
                   status = case when status = 'RESUBMITTED' then 'FAILED' else status end
             where id = ?
               and completion_date is null
               and last_resubmission_date is not distinct from ?::timestamptz""";

    private final CompletedEventPublications completed;
    private final IncompleteEventPublications incomplete;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;
    private final Duration resubmitAfter;
    private final int batchSize;

    EventPublicationMaintenance(
            CompletedEventPublications completed,
            IncompleteEventPublications incomplete,
            JdbcTemplate jdbc,
            Clock clock,
            @Value("${chat.events.completed-retention:PT10M}") Duration retention,
            @Value("${chat.events.resubmit-after:PT30S}") Duration resubmitAfter,
            @Value("${chat.events.resubmit-batch-size:1000}") int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("chat.events.resubmit-batch-size must be positive, was " + batchSize);
        }
        this.completed = completed;
        this.incomplete = incomplete;
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.resubmitAfter = resubmitAfter;
        this.batchSize = batchSize;
    }

    /** Scheduling starts once the context is refreshed (web server, Redis listeners up): the first run is at start. */
    @Scheduled(fixedDelayString = "${chat.events.maintenance-interval:PT10S}", initialDelay = 0)
    void maintain() {
        resubmitOlderThan(resubmitAfter);
        purgeOlderThan(retention);
    }

    /** Resubmits the incomplete publications untouched for {@code age} that this instance claims; how many. */
    int resubmitOlderThan(Duration age) {
        return resubmitOlderThan(age, batchSize);
    }

    /**
     * Resubmits at most {@code limit} of the incomplete publications untouched for {@code age}, the longest untouched
     * first, those this instance claims; how many. The stale ones are found in SQL, by id: when there are none (the
     * usual case) Modulith is not asked at all, and a run never resubmits more than a batch, however large the
     * backlog. Modulith's API has no way to load only given publications, though: when some are stale, it still
     * loads every incomplete one and the filter picks the batch.
     */
    int resubmitOlderThan(Duration age, int limit) {
        AtomicInteger claimed = new AtomicInteger();
        try {
            Instant now = clock.instant();
            Instant touchedBefore = now.minus(age);
            Set<UUID> stale = new HashSet<>(jdbc.queryForList(STALE, UUID.class, Timestamp.from(touchedBefore), limit));
            if (stale.isEmpty()) {
                return 0;
            }
            // Modulith evaluates the filter right before it resubmits each publication, in publication order.
            incomplete.resubmitIncompletePublications(publication -> {
                if (!stale.contains(publication.getIdentifier())
                        || !lastTouched(publication).isBefore(touchedBefore) || !claim(publication, now)) {
                    return false;
                }
                claimed.incrementAndGet();
                return true;
            });
        } catch (RuntimeException e) {
            // The next run tries again; a database outage must not end the schedule.
            log.warn("Could not resubmit incomplete event publications untouched for {}: {}", age, e.toString());
        }
        if (claimed.get() > 0) {
            log.info("Resubmitted {} incomplete event publication(s) untouched for {}", claimed.get(), age);
        }
        return claimed.get();
    }

    void purgeOlderThan(Duration age) {
        try {
            completed.deletePublicationsOlderThan(age);
        } catch (RuntimeException e) {
            log.warn("Could not delete completed event publications older than {}: {}", age, e.toString());
        }
    }

    private boolean claim(EventPublication publication, Instant now) {
        @Nullable Instant seen = publication.getLastResubmissionDate();
        return jdbc.update(CLAIM, Timestamp.from(now), publication.getIdentifier(),
                seen == null ? null : Timestamp.from(seen)) == 1;
    }

    /**
     * When an instance last took the publication on: its latest resubmission once there is one (Modulith 2.1 sets
     * it to the publication date on insert, older rows may have none), else its publication. The resubmission date
     * alone counts, not the later of the two, so that an operator can push a row to the next run by moving its
     * {@code last_resubmission_date} back, even a row published moments ago.
     */
    private static Instant lastTouched(EventPublication publication) {
        @Nullable Instant resubmitted = publication.getLastResubmissionDate();
        return resubmitted != null ? resubmitted : publication.getPublicationDate();
    }
}
