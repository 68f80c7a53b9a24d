package io.chatservice.adapter.in.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Timestamps on the wire: ISO-8601 in UTC ({@code 2026-01-01T12:00:00.123456Z}), written here rather than by
 * the JSON mapper so that no mapper setting can turn them into numbers. Cut to microseconds, the precision
 * PostgreSQL keeps, so a message has the same {@code createdAt} in the response to its send as in every later
 * read of it.
 */
final class Timestamps {

    private Timestamps() {
    }

    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    static @Nullable String formatNullable(@Nullable Instant instant) {
        return instant == null ? null : format(instant);
    }
}
