package io.chatservice.adapter.out.redis;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, waits (at most {@code chat.events.relay-shutdown-wait}) until the after-commit relays queued so far
 * have run ({@link InFlightRelays}), at {@link #PHASE}: after the WebSocket adapter has let the last SENDs commit, before it closes the
 * sessions, so that the broadcasts of those commits go out (and reach this instance's own subscribers) while the
 * clients are still connected. The relay executor keeps running afterwards (it is shut down, again waiting for its
 * queue, when the context destroys it): requests that commit later are still relayed.
 */
final class RoomEventRelayDrain implements SmartLifecycle {

    /** Between the WebSocket adapter's drain ({@code DEFAULT_PHASE - 256}) and its close ({@code - 768}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger LOG = LoggerFactory.getLogger(RoomEventRelayDrain.class);
    private static final long POLL_MILLIS = 10;

    private final InFlightRelays inFlight;
    private final Duration wait;
    private volatile boolean running;

    RoomEventRelayDrain(InFlightRelays inFlight, Duration wait) {
        this.inFlight = inFlight;
        this.wait = wait;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (inFlight.count() > 0) {
                if (System.nanoTime() >= deadline) {
                    LOG.warn("Shutdown: {} after-commit relays still queued or running after {}; they go on in the"
                            + " background, and what a crash leaves incomplete is republished on restart",
                            inFlight.count(), wait);
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
