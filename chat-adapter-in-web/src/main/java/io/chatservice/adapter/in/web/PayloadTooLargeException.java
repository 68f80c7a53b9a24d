package io.chatservice.adapter.in.web;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A request body grew past the configured limit while it was being read. An {@link IOException}, because it
 * is raised from inside the body's input stream; the exception handler finds it in the cause chain of
 * whatever the reader wrapped it in.
 */
final class PayloadTooLargeException extends IOException {

    private final long maxBytes;

    PayloadTooLargeException(long maxBytes) {
        super("request body is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    static @Nullable PayloadTooLargeException findIn(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
