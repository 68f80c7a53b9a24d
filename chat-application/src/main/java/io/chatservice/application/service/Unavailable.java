package io.chatservice.application.service;

import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.application.port.out.BroadcastUnavailableException;
import java.util.function.Supplier;

/**
 * Turns an out port's "Redis cannot be reached" into the use cases' own exception, so that driving adapters see
 * only what the inbound ports declare.
 */
final class Unavailable {

    private Unavailable() {
    }

    static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (BroadcastUnavailableException e) {
            throw new RealtimeUnavailableException(e.getMessage(), e);
        }
    }

    static void translate(Runnable call) {
        translate(() -> {
            call.run();
            return null;
        });
    }
}
