package io.chatservice.bench;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Short, stable descriptions of failures, so error counts group by cause rather than by stack trace. */
final class Failures {

    private Failures() {}

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
