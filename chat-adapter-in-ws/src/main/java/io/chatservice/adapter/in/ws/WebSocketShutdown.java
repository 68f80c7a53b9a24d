package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Graceful shutdown of the STOMP endpoint, in two lifecycle steps around the after-commit relays' own drain, all
 * before the web server stops accepting (Spring Boot's graceful web server shutdown runs at
 * {@code DEFAULT_PHASE - 1024}; higher phases stop first). Spring Boot has already turned readiness to
 * {@code REFUSING_TRAFFIC} when the context began to close, so load balancers stop sending new clients here.
 *
 * <ol>
 *   <li>{@link #DRAIN_PHASE}: new WebSocket handshakes are refused ({@code 503}), a CONNECT on a socket opened
 *       before is refused with an ERROR frame ({@code SERVER_SHUTTING_DOWN}), and every SEND or SUBSCRIBE that
 *       arrives from now on is answered {@code SERVER_SHUTTING_DOWN} on {@code /user/queue/errors} without being
 *       processed. The frames that arrived before are processed as usual: a SEND commits and its ack and RECEIPT are
 *       written. This waits until every session is idle (nothing queued to process, nothing queued to write), for at
 *       most {@code chat.ws.shutdown-drain-timeout}, which from here on is the budget of both steps together.</li>
 *   <li>Between the two, at {@code DEFAULT_PHASE - 512}, the after-commit relays drain (in the fan-out adapter,
 *       bounded by {@code chat.events.relay-shutdown-wait}): the broadcasts of the last commits reach Redis and, from
 *       there, this instance's subscribers too.</li>
 *   <li>{@link #CLOSE_PHASE}: after another wait for what was queued meanwhile to be written, every session is
 *       closed with status 1012 (service restart) and the reason {@value #CLOSE_REASON}; clients reconnect,
 *       to another instance, and sync. Spring's own STOMP handler would otherwise close them later with 1001, or the
 *       web server would drop them. This waits, and the wait before it, only for what is left of the budget the
 *       drain began: the two steps together take at most {@code chat.ws.shutdown-drain-timeout}, and with the
 *       relays' drain at most that plus {@code chat.events.relay-shutdown-wait}.</li>
 * </ol>
 * A SEND is therefore either committed and acknowledged, or answered SERVER_SHUTTING_DOWN and not stored, or (past
 * a timeout, or on a connection lost meanwhile) not answered at all, to be sent again with the same
 * {@code clientMsgId}: never acknowledged and then lost, since an ack is only written after commit.
 */
final class WebSocketShutdown implements HandshakeInterceptor {

    /** Stops first: before the relays drain and long before the web server stops accepting. */
    static final int DRAIN_PHASE = SmartLifecycle.DEFAULT_PHASE - 256;

    /** After the relays' drain ({@code DEFAULT_PHASE - 512}), before the web server's graceful shutdown. */
    static final int CLOSE_PHASE = SmartLifecycle.DEFAULT_PHASE - 768;

    /** At most 123 bytes, as a close frame's reason must be. */
    static final String CLOSE_REASON = "SERVER_SHUTTING_DOWN: reconnect";

    static final CloseStatus CLOSE_STATUS = CloseStatus.SERVICE_RESTARTED.withReason(CLOSE_REASON);

    private static final Logger log = LoggerFactory.getLogger(WebSocketShutdown.class);

    private final ClientSessions sessions;
    private final Duration drainTimeout;
    /** {@link System#nanoTime} by which both steps must be done; set when the first of them begins. */
    private @Nullable Long deadline;

    WebSocketShutdown(ClientSessions sessions, Duration drainTimeout) {
        this.sessions = sessions;
        this.drainTimeout = drainTimeout;
    }

    /** Step one: refuse what is new, let what arrived before finish. */
    void drain() {
        sessions.startRefusing();
        try {
            int busy = sessions.awaitIdle(remaining());
            if (busy > 0) {
                log.warn("Shutdown: {} WebSocket sessions still had frames to process or write after {}; closing"
                        + " them anyway (their unanswered SENDs are re-sent by the clients)", busy, drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Step two: close every session, telling the client to reconnect. */
    void closeSessions() {
        try {
            int busy = sessions.awaitIdle(remaining());
            if (busy > 0) {
                log.info("Shutdown: {} WebSocket sessions had frames left to write after {}", busy, drainTimeout);
            }
            // Every session is told to close even when no time is left; only the wait for it is cut short.
            int open = sessions.closeAll(CLOSE_STATUS, remaining());
            if (open > 0) {
                log.warn("Shutdown: {} WebSocket sessions not closed within {}; the web server drops them", open,
                        drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What is left of the one shutdown budget, {@code chat.ws.shutdown-drain-timeout} from the moment the first step
     * began: the drain, the final wait for writes and the wait for the closes share it, so together they never take
     * longer (the relays' drain in between counts against it too, and is bounded by its own setting).
     */
    private synchronized Duration remaining() {
        long now = System.nanoTime();
        if (deadline == null) {
            deadline = now + drainTimeout.toNanos();
        }
        return Duration.ofNanos(Math.max(0, deadline - now));
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (sessions.refusing()) {
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            // Any other instance can take the client at once.
            response.getHeaders().set("Retry-After", "0");
            return false;
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            @Nullable Exception exception) {
    }

    SmartLifecycle drainStep() {
        return new Step(DRAIN_PHASE, this::drain);
    }

    SmartLifecycle closeStep() {
        return new Step(CLOSE_PHASE, this::closeSessions);
    }

    /** A lifecycle bean that does nothing on start and runs {@code onStop} (synchronously, self-bounded) on stop. */
    private static final class Step implements SmartLifecycle {

        private final int phase;
        private final Runnable onStop;
        private volatile boolean running;

        Step(int phase, Runnable onStop) {
            this.phase = phase;
            this.onStop = onStop;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            try {
                onStop.run();
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
            return phase;
        }
    }
}
