package io.chatservice.adapter.in.ws;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The STOMP endpoint's settings ({@code chat.ws.*}).
 *
 * @param allowedOrigins origin patterns allowed to open a WebSocket ({@code *} by default). Authentication is a
 *     token in the CONNECT frame, never a cookie, so a page on another site that opens a socket gains nothing it
 *     could not do with its own token: cross-site WebSocket hijacking needs ambient credentials, and there are
 *     none. Narrow it to keep other sites from using the service from their pages at all.
 * @param heartbeat the server's heart-beat offer: how often it sends one when it has nothing else to send, and
 *     how often it expects to hear from the client ({@code 10s,10s}); 0 disables either. A client silent for
 *     three times the negotiated interval is disconnected
 * @param messageSizeLimit the largest inbound STOMP frame, headers and body; a larger one is answered with an
 *     ERROR frame (PAYLOAD_TOO_LARGE) and the connection closed
 * @param sendBufferSizeLimit the most bytes of frames waiting for one slow client, counting each frame's body,
 *     headers and a fixed overhead; past it, or past {@value Outbox#FRAME_LIMIT} frames waiting, the session is
 *     closed (the client reconnects and syncs)
 * @param sendTimeLimit the longest one frame may take to be written to a client; past it the session is closed
 * @param slowWriteThreshold a session whose current write has taken longer than this is backlogged: typing
 *     indicators skip it until it catches up
 * @param reorderWait how long a room's later events wait for a missing earlier one before they are delivered
 *     anyway and the client syncs on the gap
 * @param reorderMaxPending how many later events a room holds at most while waiting for a missing one
 * @param maxQueuedFrames how many of one connection's frames may wait to be processed; a client that sends more
 *     is disconnected with an ERROR frame (RATE_LIMITED)
 * @param maxSubscriptionsPerConnection how many subscriptions (room topics and user queues together) one
 *     connection may hold; a SUBSCRIBE past it is refused with RATE_LIMITED on {@code /user/queue/errors}, nothing
 *     is watched, and the connection stays open. Every room event is handed to each local subscription of the room
 *     under the room's lock, so the number one client can add is bounded
 * @param maxConnectionsPerUser how many STOMP connections one user may have open on this instance; a CONNECT past
 *     it is answered with an ERROR frame (TOO_MANY_CONNECTIONS) and closed, and the user's open connections carry
 *     on. Counted per instance: each connection costs memory, a frame queue and subscriptions here, and this
 *     instance can count its own exactly and without a round trip
 * @param shutdownDrainTimeout on shutdown, the one budget of all the WebSocket waits together, from the moment the
 *     drain begins: for the frames that arrived before shutdown began to be processed and answered (a SEND
 *     committing and its ack written), later for the frames queued meanwhile (broadcasts of the last commits) to
 *     be written, and for the sessions to close ({@link WebSocketShutdown})
 */
@ConfigurationProperties("chat.ws")
record WebSocketProperties(
        @DefaultValue("*") List<String> allowedOrigins,
        @DefaultValue({"10s", "10s"}) List<Duration> heartbeat,
        @DefaultValue("64KB") DataSize messageSizeLimit,
        @DefaultValue("512KB") DataSize sendBufferSizeLimit,
        @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("1s") Duration slowWriteThreshold,
        @DefaultValue("200ms") Duration reorderWait,
        @DefaultValue("256") int reorderMaxPending,
        @DefaultValue("256") int maxQueuedFrames,
        @DefaultValue("100") int maxSubscriptionsPerConnection,
        @DefaultValue("20") int maxConnectionsPerUser,
        @DefaultValue("10s") Duration shutdownDrainTimeout) {

    WebSocketProperties {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (allowedOrigins.isEmpty()) {
            throw new IllegalArgumentException("chat.ws.allowed-origins must name at least one origin pattern");
        }
        heartbeat = List.copyOf(heartbeat);
        if (heartbeat.size() != 2) {
            throw new IllegalArgumentException("chat.ws.heartbeat must be two durations (send, receive), was " + heartbeat);
        }
        heartbeat.forEach(interval -> requireNotNegative("heartbeat", interval));
        requirePositive("send-time-limit", sendTimeLimit);
        requirePositive("slow-write-threshold", slowWriteThreshold);
        requirePositive("reorder-wait", reorderWait);
        requireNotNegative("shutdown-drain-timeout", shutdownDrainTimeout);
        requireIntSize("message-size-limit", messageSizeLimit);
        requireIntSize("send-buffer-size-limit", sendBufferSizeLimit);
        if (sendTimeLimit.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chat.ws.send-time-limit is too long: " + sendTimeLimit);
        }
        if (reorderMaxPending < 1) {
            throw new IllegalArgumentException("chat.ws.reorder-max-pending must be at least 1");
        }
        if (maxQueuedFrames < 1) {
            throw new IllegalArgumentException("chat.ws.max-queued-frames must be at least 1");
        }
        if (maxSubscriptionsPerConnection < 1) {
            throw new IllegalArgumentException("chat.ws.max-subscriptions-per-connection must be at least 1");
        }
        if (maxConnectionsPerUser < 1) {
            throw new IllegalArgumentException("chat.ws.max-connections-per-user must be at least 1");
        }
    }

    /** The heart-beat setting as STOMP's {@code heart-beat} header: milliseconds, send first. */
    long[] heartbeatMillis() {
        return new long[] {heartbeat.get(0).toMillis(), heartbeat.get(1).toMillis()};
    }

    int messageSizeLimitBytes() {
        return (int) messageSizeLimit.toBytes();
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("chat.ws." + name + " must not be negative, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("chat.ws." + name + " must be positive, was " + value);
        }
    }

    private static void requireIntSize(String name, DataSize value) {
        if (value.toBytes() < 1 || value.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chat.ws." + name + " must be from 1 byte to 2 GB, was " + value);
        }
    }
}
