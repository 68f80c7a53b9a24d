-- The incomplete publications by the time they were last touched, for EventPublicationMaintenance's search for
-- stale ones (every 10 s on every instance). Without it, PostgreSQL answered that search through
-- event_publication_by_completion_date_idx, whose "completion_date is null" entries still point at every row's
-- version from before its completion until vacuum: a bitmap scan of the whole table, about 100 ms and 115 MB of
-- pages per run with 10 minutes of completed rows at 2,000 sends/s, a burst on the database every 10 seconds that
-- grows with the send rate. This index only holds rows inserted incomplete, the search reads it in its own order
-- and stops at its limit, and a plain index scan marks the entries of completed rows dead as it passes them, so
-- later runs mostly skip them without visiting the table (at 2,000 sends/s: 9-17 ms per run on average, against
-- 16-53 ms without it; single runs still reach 60-170 ms until vacuum removes the entries).
--
-- Not CONCURRENTLY: Flyway holds its migration lock in a transaction on a connection of its own, and a concurrent
-- build waits for every open transaction, that one included, so it never finished (seen in this project's tests).
-- The plain build holds writes to event_publication (sends on running instances included) while it reads the
-- table: about 10 minutes of publications, about a second at a few thousand sends/s. With a larger table, create
-- the index CONCURRENTLY by hand before deploying: this migration then finds it and does nothing.
CREATE INDEX IF NOT EXISTS event_publication_incomplete_by_last_touch_idx
    ON event_publication ((coalesce(last_resubmission_date, publication_date)))
    WHERE completion_date IS NULL;
