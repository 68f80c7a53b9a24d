package io.chatservice.adapter.in.ws;

import io.chatservice.adapter.in.ws.StompAuthenticator.Authenticated;
import io.chatservice.application.port.in.AdmitConnectionUseCase;
import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * The first stop of every client frame on the inbound channel, on the thread that read it (so in arrival order),
 * doing nothing that blocks:
 *
 * <ul>
 *   <li>CONNECT: authenticates the bearer token, sets the session user (Principal name = {@code sub}) and
 *       schedules the close at the token's {@code exp}; a missing, bad or expired token throws, and Spring's
 *       STOMP handler answers with an ERROR frame ({@link StompErrorHandler}) and closes. So does a second
 *       CONNECT on a session that has a user, a CONNECT of a user who connects faster than their allowance
 *       (RATE_LIMITED, with {@code retryAfterMs}: a client stuck in a reconnect loop), and a CONNECT of a user who
 *       has {@code chat.ws.max-connections-per-user} open here already (TOO_MANY_CONNECTIONS). The token is removed from the frame either way. An accepted
 *       CONNECT opens the connection's presence ({@link ConnectionPresence}, which calls out elsewhere).
 *   <li>Any other frame of a session that is not authenticated is refused the same way.
 *   <li>SUBSCRIBE, UNSUBSCRIBE and SEND are queued for {@link StompFrameHandler} in the session's own queue.
 *       They never reach the simple broker, except a SEND to {@code /app/**}, which goes on so that the broker
 *       counts it as client activity for heart-beats (no broker or handler acts on {@code /app} destinations: the
 *       adapter routes them itself). A SEND anywhere else is refused (FORBIDDEN): clients never publish to a
 *       topic or a queue.
 *   <li>Once the instance shuts down ({@link WebSocketShutdown}), a CONNECT is refused (SERVER_SHUTTING_DOWN), and a
 *       SUBSCRIBE or SEND that arrives is answered SERVER_SHUTTING_DOWN in its turn, after the frames before it,
 *       without being processed: what arrived before shutdown began is processed and answered as usual.
 *   <li>DISCONNECT goes on to the broker, closes the connection's presence at once, and ends the session's
 *       subscriptions once its earlier frames are answered. Transactions and ACK/NACK are not supported and are dropped.
 * </ul>
 */
final class StompInboundGuard implements ChannelInterceptor {

    private final ClientSessions sessions;
    private final RoomSubscriptions subscriptions;
    private final StompAuthenticator authenticator;
    private final AdmitConnectionUseCase admission;
    private final StompFrameHandler frames;
    private final ConnectionPresence presence;
    private final DelayedTasks timer;
    private final Clock clock;

    StompInboundGuard(
            ClientSessions sessions,
            RoomSubscriptions subscriptions,
            StompAuthenticator authenticator,
            AdmitConnectionUseCase admission,
            StompFrameHandler frames,
            ConnectionPresence presence,
            DelayedTasks timer,
            Clock clock) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.authenticator = authenticator;
        this.admission = admission;
        this.frames = frames;
        this.presence = presence;
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (frame == null || frame.getCommand() == null || frame.getSessionId() == null) {
            // Not a client frame (heart-beats carry no command): nothing to guard.
            return message;
        }
        StompCommand command = frame.getCommand();
        String sessionId = frame.getSessionId();
        if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
            try {
                if (sessions.refusing()) {
                    throw StompConnectionRefusedException.SHUTTING_DOWN;
                }
                connect(frame, sessionId);
            } finally {
                StompAuthenticator.forgetToken(frame);
            }
            return message;
        }
        ClientSession session = sessions.get(sessionId);
        if (command == StompCommand.DISCONNECT) {
            if (session != null && session.caller() != null) {
                presence.closed(sessionId);
                session.inbox().offer(() -> frames.disconnect(session));
            }
            return message;
        }
        if (session == null || session.caller() == null) {
            throw StompConnectionRefusedException.NOT_CONNECTED;
        }
        return switch (command) {
            case SUBSCRIBE -> {
                String id = frame.getSubscriptionId();
                String destination = frame.getDestination();
                String receipt = frame.getReceipt();
                if (sessions.refusing()) {
                    queue(session, () -> frames.refuseShuttingDown(session, "SUBSCRIBE", null, destination, id));
                } else {
                    queue(session, () -> frames.subscribe(session, id, destination, receipt));
                }
                yield null;
            }
            case UNSUBSCRIBE -> {
                String id = frame.getSubscriptionId();
                String receipt = frame.getReceipt();
                queue(session, () -> frames.unsubscribe(session, id, receipt));
                yield null;
            }
            case SEND -> {
                String destination = frame.getDestination();
                String receipt = frame.getReceipt();
                byte[] payload = message.getPayload() instanceof byte[] bytes ? bytes : new byte[0];
                if (sessions.refusing()) {
                    queue(session, () -> frames.refuseShuttingDown(session, "SEND", payload, destination, null));
                } else {
                    queue(session, () -> frames.send(session, destination, receipt, payload));
                }
                yield destination != null && Destinations.isApplicationDestination(destination) ? message : null;
            }
            default -> null;
        };
    }

    private void connect(StompHeaderAccessor frame, String sessionId) {
        ClientSession session = sessions.get(sessionId);
        if (session == null) {
            // The connection closed while its CONNECT was on the way.
            throw StompConnectionRefusedException.NOT_CONNECTED;
        }
        if (session.caller() != null) {
            // Accepting it would switch the session's user while the first token's expiry timer still runs.
            throw StompConnectionRefusedException.ALREADY_CONNECTED;
        }
        Authenticated authenticated = authenticator.authenticate(frame);
        // The connection count first: a CONNECT refused for it must not spend the user's connect allowance.
        if (!sessions.admit(sessionId, authenticated.caller().id())) {
            throw StompConnectionRefusedException.TOO_MANY_CONNECTIONS;
        }
        try {
            admission.admitConnection(new ConnectionCommand(authenticated.caller(), sessionId));
        } catch (RateLimitedException tooOften) {
            sessions.release(sessionId);
            throw new StompConnectionRefusedException(new StompError(ErrorCode.RATE_LIMITED,
                    "too many connects; wait retryAfterMs before connecting again",
                    tooOften.retryAfterMillis()));
        } catch (RuntimeException e) {
            sessions.release(sessionId);
            throw e;
        }
        Duration untilExpiry = Duration.between(clock.instant(), authenticated.expiresAt());
        DelayedTasks.Scheduled expiry = timer.schedule(untilExpiry, () -> sessions.fail(session,
                new StompError(ErrorCode.UNAUTHORIZED, "the bearer token has expired; reconnect with a fresh one")));
        session.connected(authenticated.caller(), expiry);
        subscriptions.openSession(sessionId, authenticated.caller(), session);
        presence.opened(sessionId, authenticated.caller());
        if (session.isClosed()) {
            // Closed meanwhile, after its subscriptions and presence were cleaned up: clean up what was just opened.
            subscriptions.closeSession(sessionId);
            presence.closed(sessionId);
        }
        frame.setUser(new StompPrincipal(authenticated.caller()));
    }

    private static void queue(ClientSession session, Runnable task) {
        if (!session.inbox().offer(task)) {
            throw new StompConnectionRefusedException(
                    ErrorCode.RATE_LIMITED, "too many frames waiting to be processed on this connection");
        }
    }
}
