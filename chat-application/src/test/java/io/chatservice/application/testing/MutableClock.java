package io.chatservice.application.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that stands still until a test moves it, so that timestamps in assertions are exact. */
public final class MutableClock extends Clock {

    /** Where a clock created without a start stands. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T12:00:00Z");

    private final ZoneId zone;
    private volatile Instant now;

    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private MutableClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /** Moves the clock on and returns the new time. */
    public synchronized Instant advance(Duration duration) {
        now = now.plus(duration);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A clock in another zone starting at this clock's current time; it moves independently of this one. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, newZone);
    }
}
