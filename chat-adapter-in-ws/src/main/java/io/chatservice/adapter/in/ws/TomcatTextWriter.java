package io.chatservice.adapter.in.ws;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a WebSocket text message whose UTF-8 bytes are already encoded, on Tomcat's own write path, for one
 * session.
 *
 * <p>Why: the Jakarta WebSocket API takes text only as characters, so every delivery was encoded again, and Tomcat's
 * writer allocates an 8,192-character buffer per message: at 20,000 deliveries a second that buffer was half of all
 * the server allocated, and the encoding a good part of its CPU. A room event is encoded once
 * ({@link OutboundFrame}) and its bytes are the same for every subscriber, so the write here hands those bytes to
 * the method Tomcat's own text writes end in ({@code WsRemoteEndpointImplBase.sendMessageBlock} with the text
 * opcode: framing, permessage-deflate when negotiated, the blocking write with its timeout), between the same
 * state-machine steps {@code sendText} takes. That method is not public, so it is reached with method handles,
 * resolved once; if a Tomcat version renames any of it, {@link #of} returns null, the adapter writes through the
 * public API as before, and one INFO line says so ({@code TomcatTextWriterIT} fails on such an upgrade).
 *
 * <p>Not thread-safe: the caller allows one write at a time per session ({@link WriteTrackingSession}), as Tomcat
 * requires of any writer.
 */
final class TomcatTextWriter {

    private static final Logger log = LoggerFactory.getLogger(TomcatTextWriter.class);

    /** {@code org.apache.tomcat.websocket.Constants}: the text opcode, and the blocking-send timeout's property. */
    private static final byte OPCODE_TEXT = 0x1;
    private static final String BLOCKING_SEND_TIMEOUT_PROPERTY = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final long DEFAULT_BLOCKING_SEND_TIMEOUT_MILLIS = 20_000;

    /** Tomcat's basic remote class; set only when every handle below resolved, so it alone says "available". */
    private static final @Nullable Class<?> REMOTE_ENDPOINT;
    /** (Object remote) → Object endpoint: the implementation behind a session's basic remote. */
    private static final @Nullable MethodHandle ENDPOINT_OF;
    /** (Object endpoint) → Object stateMachine. */
    private static final @Nullable MethodHandle STATE_MACHINE_OF;
    /** (Object stateMachine) → void. */
    private static final @Nullable MethodHandle TEXT_START;
    /** (Object stateMachine, boolean last) → void. */
    private static final @Nullable MethodHandle COMPLETE;
    /** (Object endpoint, byte opcode, ByteBuffer payload, boolean last, long timeoutExpiry) → void. */
    private static final @Nullable MethodHandle SEND_MESSAGE_BLOCK;

    static {
        Class<?> remote = null;
        MethodHandle endpointOf = null;
        MethodHandle stateMachineOf = null;
        MethodHandle textStart = null;
        MethodHandle complete = null;
        MethodHandle sendMessageBlock = null;
        try {
            ClassLoader loader = TomcatTextWriter.class.getClassLoader();
            Class<?> remoteBase = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase", false, loader);
            Class<?> endpoint = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase", false, loader);
            Class<?> stateMachine =
                    Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase$StateMachine", false, loader);
            MethodHandles.Lookup self = MethodHandles.lookup();
            MethodHandles.Lookup inRemote = MethodHandles.privateLookupIn(remoteBase, self);
            MethodHandles.Lookup inEndpoint = MethodHandles.privateLookupIn(endpoint, self);
            MethodHandles.Lookup inStateMachine = MethodHandles.privateLookupIn(stateMachine, self);
            endpointOf = inRemote.findGetter(remoteBase, "base", endpoint)
                    .asType(MethodType.methodType(Object.class, Object.class));
            stateMachineOf = inEndpoint.findGetter(endpoint, "stateMachine", stateMachine)
                    .asType(MethodType.methodType(Object.class, Object.class));
            textStart = inStateMachine.findVirtual(stateMachine, "textStart", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            complete = inStateMachine.findVirtual(stateMachine, "complete",
                            MethodType.methodType(void.class, boolean.class))
                    .asType(MethodType.methodType(void.class, Object.class, boolean.class));
            sendMessageBlock = inEndpoint.findVirtual(endpoint, "sendMessageBlock",
                            MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class, long.class))
                    .asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class,
                            boolean.class, long.class));
            remote = remoteBase;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            log.info("Tomcat's text write path is not available ({}); outbound frames are encoded per write",
                    unavailable.toString());
        }
        REMOTE_ENDPOINT = remote;
        ENDPOINT_OF = endpointOf;
        STATE_MACHINE_OF = stateMachineOf;
        TEXT_START = textStart;
        COMPLETE = complete;
        SEND_MESSAGE_BLOCK = sendMessageBlock;
    }

    private final Object endpoint;
    private final Object stateMachine;
    private final long timeoutMillis;

    private TomcatTextWriter(Object endpoint, Object stateMachine, long timeoutMillis) {
        this.endpoint = endpoint;
        this.stateMachine = stateMachine;
        this.timeoutMillis = timeoutMillis;
    }

    /** True when this Tomcat has the write path (resolved once per class loader). */
    static boolean available() {
        return REMOTE_ENDPOINT != null;
    }

    /** The writer for a container session; null when it is not Tomcat's or Tomcat lacks the write path. */
    static @Nullable TomcatTextWriter of(jakarta.websocket.Session session) {
        Object remote = session.getBasicRemote();
        if (REMOTE_ENDPOINT == null || !REMOTE_ENDPOINT.isInstance(remote)) {
            return null;
        }
        try {
            Object endpoint = (Object) ENDPOINT_OF.invokeExact(remote);
            Object stateMachine = (Object) STATE_MACHINE_OF.invokeExact(endpoint);
            // Tomcat reads this property on every blocking write; a session's properties are set before it opens.
            long timeout = session.getUserProperties().get(BLOCKING_SEND_TIMEOUT_PROPERTY) instanceof Long configured
                    ? configured
                    : DEFAULT_BLOCKING_SEND_TIMEOUT_MILLIS;
            return new TomcatTextWriter(endpoint, stateMachine, timeout);
        } catch (Throwable unexpected) {
            log.debug("Tomcat's text write path not usable for session {}", session.getId(), unexpected);
            return null;
        }
    }

    /** Writes {@code utf8} (from its position to its limit) as one text message, blocking as Tomcat's own writes do. */
    void write(ByteBuffer utf8) throws IOException {
        long expiry = timeoutMillis < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
        try {
            TEXT_START.invokeExact(stateMachine);
            SEND_MESSAGE_BLOCK.invokeExact(endpoint, OPCODE_TEXT, utf8, true, expiry);
            COMPLETE.invokeExact(stateMachine, true);
        } catch (IOException | RuntimeException | Error failed) {
            throw failed;
        } catch (Throwable other) {
            throw new IOException(other);
        }
    }
}
