package io.chatservice.adapter.in.ws;

import io.chatservice.adapter.in.ws.Destinations.UserQueue;
import io.chatservice.domain.shared.UserId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessageChannel;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open WebSocket sessions of this instance, and the frames the adapter sends them. Every method returns at
 * once: frames are queued in the session's {@link Outbox}, and writing to a socket and closing it happen on
 * {@code executor}.
 */
final class ClientSessions {

    private static final Logger log = LoggerFactory.getLogger(ClientSessions.class);

    private static final Duration IDLE_POLL = Duration.ofMillis(10);

    private final MessageChannel clientOutboundChannel;
    private final WebSocketProperties properties;
    private final Executor executor;
    private final DelayedTasks timer;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    /** The user each admitted session counts for; whoever removes an entry takes it off the user's count. */
    private final Map<String, UserId> admitted = new ConcurrentHashMap<>();
    /** Admitted sessions per user; a user with none has no entry. */
    private final ConcurrentMap<UserId, Integer> connectionsPerUser = new ConcurrentHashMap<>();
    /** Shutdown began: no new CONNECT, and frames arriving from now on are not processed. */
    private volatile boolean refusing;
    /** Shutdown is closing the sessions: one that opens now is closed at once. */
    private volatile @Nullable CloseStatus closingWith;

    /**
     * @param clientOutboundChannel Spring's channel to the WebSocket sessions
     * @param executor runs frame processing, the outboxes' writes and socket closes (virtual threads)
     */
    ClientSessions(
            MessageChannel clientOutboundChannel, WebSocketProperties properties, Executor executor, DelayedTasks timer) {
        this.clientOutboundChannel = clientOutboundChannel;
        this.properties = properties;
        this.executor = executor;
        this.timer = timer;
    }

    ClientSession opened(WebSocketSession socket) {
        var tracked = new WriteTrackingSession(socket);
        var outbox = new Outbox(socket.getId(), tracked, clientOutboundChannel, executor,
                properties.sendBufferSizeLimit().toBytes(), properties.sendTimeLimit(), System::nanoTime,
                () -> closeLater(tracked, CloseStatus.SESSION_NOT_RELIABLE),
                () -> closeLater(tracked, CloseStatus.SERVER_ERROR));
        var session = new ClientSession(socket.getId(), tracked, outbox,
                new SerialExecutor(executor, properties.maxQueuedFrames()), properties.slowWriteThreshold());
        sessions.put(session.id(), session);
        CloseStatus closing = closingWith;
        if (closing != null) {
            // Its handshake passed just before shutdown closed the others.
            closeLater(tracked, closing);
        }
        return session;
    }

    /** From now on CONNECT frames are refused and other frames answered without being processed (shutdown). */
    void startRefusing() {
        refusing = true;
    }

    boolean refusing() {
        return refusing;
    }

    /**
     * Waits until every session has processed the frames queued so far, answered its pipelined sends and written
     * everything queued for it, or until the timeout; returns how many sessions were still busy (0: all done).
     */
    int awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int busy = (int) sessions.values().stream()
                    .filter(session -> !session.inbox().isIdle() || !session.allSendsAnswered()
                            || !session.outbox().isIdle())
                    .count();
            if (busy == 0 || System.nanoTime() >= deadline) {
                return busy;
            }
            Thread.sleep(IDLE_POLL);
        }
    }

    /**
     * Closes every session with {@code status}, and any that opens from now on, and waits until they are closed or
     * the timeout passed; returns how many were still open.
     */
    int closeAll(CloseStatus status, Duration timeout) throws InterruptedException {
        closingWith = status;
        sessions.values().forEach(session -> closeLater(session.socket(), status));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(IDLE_POLL);
        }
        return sessions.size();
    }

    @Nullable ClientSession get(String sessionId) {
        return sessions.get(sessionId);
    }

    void closed(String sessionId) {
        ClientSession session = sessions.remove(sessionId);
        if (session != null) {
            session.closed();
        }
        release(sessionId);
    }

    /**
     * Counts the session as one of {@code user}'s connections on this instance, unless they have
     * {@code chat.ws.max-connections-per-user} already: then nothing is counted and the answer is false. Returns at
     * once (no I/O), so it can run on the thread that read the CONNECT. A session that closes meanwhile is never
     * left counted.
     */
    boolean admit(String sessionId, UserId user) {
        boolean[] admittedNow = new boolean[1];
        connectionsPerUser.compute(user, (u, count) -> {
            int current = count == null ? 0 : count;
            if (current >= properties.maxConnectionsPerUser()) {
                return count;
            }
            admittedNow[0] = true;
            return current + 1;
        });
        if (!admittedNow[0]) {
            return false;
        }
        admitted.put(sessionId, user);
        if (!sessions.containsKey(sessionId)) {
            // Closed while being admitted: its close may have run before the entry above existed.
            release(sessionId);
        }
        return true;
    }

    /** The user's connections admitted on this instance and not closed yet. */
    int connectionsOf(UserId user) {
        return connectionsPerUser.getOrDefault(user, 0);
    }

    /** Gives back the session's connection slot, if it holds one: on close, or when its CONNECT is refused after all. */
    void release(String sessionId) {
        UserId user = admitted.remove(sessionId);
        if (user != null) {
            connectionsPerUser.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Sends to each of the session's subscriptions to {@code queue}; with none, the frame is dropped. */
    void sendToQueue(ClientSession session, List<String> subscriptionIds, UserQueue queue, byte[] json) {
        if (subscriptionIds.isEmpty()) {
            return;
        }
        OutboundFrame message = OutboundFrame.message(queue.destination(), json);
        for (String subscriptionId : subscriptionIds) {
            session.send(subscriptionId, message);
        }
    }

    void receipt(ClientSession session, String receiptId) {
        session.outbox().send(OutboundFrame.receipt(receiptId), null);
    }

    /**
     * An ERROR frame after everything queued before it; the STOMP handler closes the connection once it is
     * written. Should the client not be reading, the socket is closed anyway after the send time limit.
     */
    void fail(ClientSession session, StompError error) {
        session.outbox().send(StompErrorHandler.errorFrame(error), Replies.error(error, null, null, null));
        timer.schedule(properties.sendTimeLimit(), () -> closeLater(session.socket(), CloseStatus.POLICY_VIOLATION));
    }

    private void closeLater(WebSocketSession socket, CloseStatus status) {
        try {
            // Closing writes a close frame, which can block on a client that does not read: never on the caller.
            executor.execute(() -> {
                try {
                    if (socket.isOpen()) {
                        socket.close(status);
                    }
                } catch (IOException | RuntimeException closeFailed) {
                    log.debug("Closing session {} failed", socket.getId(), closeFailed);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("Session {} not closed here: shutting down", socket.getId());
        }
    }
}
