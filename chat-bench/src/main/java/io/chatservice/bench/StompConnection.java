package io.chatservice.bench;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A STOMP 1.2 client connection over a WebSocket ({@link NioWebSockets}, or the JDK's, for which it is the
 * listener): no Spring, a few objects per connection, so a thousand connections cost the load generator little.
 * Text arrives on the transport's selector thread (see {@link Transport}), one message at a time per connection,
 * and a message may hold several frames or part of one; sends are queued and written one at a time, as the JDK's
 * WebSocket requires.
 */
final class StompConnection implements WebSocket.Listener {

    /**
     * The socket under a connection: the JDK's WebSocket, or the tool's own {@link NioWebSockets}. Sends are
     * handed over one at a time, in order.
     */
    interface Wire {
        CompletableFuture<?> sendText(String text);

        /** Starts the WebSocket close handshake. */
        CompletableFuture<?> sendClose();

        void abort();
    }

    /** Opens the socket for a connection, calling its {@link #opened}, {@link #text}, ... as things happen. */
    interface Connector {
        CompletableFuture<?> connect(URI endpoint, Duration timeout, StompConnection connection);
    }

    /** Called on the connection's reader, one frame at a time; must not block. */
    interface Handler {

        void onFrame(StompConnection connection, StompFrame frame, long receivedNanos);

        default void onClosed(StompConnection connection, String reason) {}
    }

    private final Handler handler;
    private final StompFrame.Decoder decoder = new StompFrame.Decoder();
    private final CompletableFuture<StompConnection> connected = new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();
    /** How long a SUBSCRIBE waits for its RECEIPT: the connect timeout ({@code --connect-timeout}). */
    private volatile Duration receiptTimeout = Duration.ofSeconds(30);
    private final ConcurrentLinkedQueue<String> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger ids = new AtomicInteger();
    private final String label;
    private volatile @Nullable Wire socket;
    private volatile @Nullable ScheduledFuture<?> heartbeat;
    private volatile String closeReason = "";

    private StompConnection(String label, Handler handler) {
        this.label = label;
        this.handler = handler;
    }

    /**
     * Opens the WebSocket, sends CONNECT with the bearer token and completes once CONNECTED arrives; fails on an
     * ERROR frame, a refused handshake or the timeout.
     */
    static CompletableFuture<StompConnection> open(
            Connector connector,
            URI endpoint,
            String label,
            String token,
            Duration heartbeat,
            Duration timeout,
            ScheduledExecutorService timer,
            Handler handler) {
        StompConnection connection = new StompConnection(label, handler);
        connection.receiptTimeout = timeout;
        connector.connect(endpoint, timeout, connection)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        connection.connected.completeExceptionally(failure);
                        return;
                    }
                    long beat = heartbeat.toMillis();
                    connection.sendRaw(StompFrame.of(
                                    "CONNECT",
                                    "accept-version", "1.2",
                                    "host", endpoint.getHost(),
                                    "heart-beat", beat + "," + beat,
                                    "Authorization", "Bearer " + token)
                            .encode());
                });
        connection.connected.thenAccept(c -> c.startHeartbeat(heartbeat, timer));
        return connection.connected.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((c, failure) -> {
            if (failure != null) {
                connection.abort("connect failed: " + Failures.describe(failure));
            }
        });
    }

    String label() {
        return label;
    }

    boolean isOpen() {
        return !closed.get();
    }

    String closeReason() {
        return closeReason;
    }

    long heartbeatsReceived() {
        return decoder.heartbeats();
    }

    /**
     * Subscribes; the future completes when the server's RECEIPT arrives (after the subscription is live), and
     * fails with a {@link java.util.concurrent.TimeoutException} when none came within the connect timeout.
     */
    CompletableFuture<Void> subscribe(String destination) {
        String id = "sub-" + ids.incrementAndGet();
        String receipt = "r-" + id;
        CompletableFuture<Void> done = new CompletableFuture<>();
        receipts.put(receipt, done);
        sendRaw(StompFrame.of("SUBSCRIBE", "id", id, "destination", destination, "receipt", receipt).encode());
        // A SUBSCRIBE the server refuses is answered on /user/queue/errors, never with a RECEIPT: without a bound
        // the set-up would wait forever.
        return done.orTimeout(receiptTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure != null) {
                receipts.remove(receipt);
            }
        });
    }

    void send(String destination, String jsonBody) {
        sendRaw(StompFrame.of("SEND", "destination", destination, "content-type", "application/json")
                .withBody(jsonBody)
                .encode());
    }

    /** Closes politely (DISCONNECT, then the WebSocket close handshake); never waits. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            closeReason = "closed by the tool";
            stopHeartbeat();
            Wire ws = socket;
            if (ws != null) {
                sendRaw(StompFrame.of("DISCONNECT").encode());
                ws.sendClose().exceptionally(failure -> {
                    ws.abort();
                    return null;
                });
            }
        }
    }

    void abort(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            stopHeartbeat();
            Wire ws = socket;
            if (ws != null) {
                ws.abort();
            }
            failPending(reason);
        }
    }

    void sendRaw(String text) {
        outbound.add(text);
        pump();
    }

    /** One write in flight at a time; loops while writes complete at once, so no recursion builds up. */
    private void pump() {
        while (writing.compareAndSet(false, true)) {
            Wire ws = socket;
            String next = ws == null ? null : outbound.poll();
            if (next == null) {
                writing.set(false);
                if (ws == null || outbound.isEmpty()) {
                    return;
                }
                continue;
            }
            CompletableFuture<?> written = ws.sendText(next);
            if (!written.isDone()) {
                written.whenComplete((w, failure) -> {
                    if (failure != null) {
                        lost("write failed: " + Failures.describe(failure));
                    }
                    writing.set(false);
                    pump();
                });
                return;
            }
            if (written.isCompletedExceptionally()) {
                lost("write failed");
            }
            writing.set(false);
        }
    }

    private void startHeartbeat(Duration ours, ScheduledExecutorService timer) {
        // Negotiated as STOMP 1.2 says: we send every max(our cx, their cy) ms, if neither is 0.
        long cx = ours.toMillis();
        long serverWants = 0;
        String offered = serverHeartbeat;
        if (offered != null) {
            String[] parts = offered.split(",");
            if (parts.length == 2) {
                serverWants = Long.parseLong(parts[1].strip());
            }
        }
        if (cx > 0 && serverWants > 0) {
            long every = Math.max(cx, serverWants);
            heartbeat = timer.scheduleAtFixedRate(() -> {
                if (isOpen()) {
                    sendRaw("\n");
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private volatile @Nullable String serverHeartbeat;

    private void stopHeartbeat() {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // Every message is handled before onText returns (it returns null: the text may be reused at once), so
        // there is nothing to push back against. One unbounded request lets the JDK hand over message after
        // message in one loop, instead of a request(1) and a reschedule of its receive task per message.
        webSocket.request(Long.MAX_VALUE);
        opened(new Wire() {
            @Override
            public CompletableFuture<?> sendText(String text) {
                return webSocket.sendText(text, true);
            }

            @Override
            public CompletableFuture<?> sendClose() {
                return webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }

            @Override
            public void abort() {
                webSocket.abort();
            }
        });
    }

    /** The socket is open: queued writes (CONNECT) may go. */
    void opened(Wire wire) {
        socket = wire;
        pump();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text(data);
        return null;
    }

    /** A WebSocket text message, or a part of one, as read; it may hold several STOMP frames or part of one. */
    void text(CharSequence data) {
        receivedNanos = System.nanoTime();
        try {
            decoder.feed(data, frames);
        } catch (RuntimeException malformed) {
            lost("unreadable frame: " + malformed.getMessage());
        }
    }

    /** When the message being decoded was read; set and read only by the connection's reader. */
    private long receivedNanos;

    private final StompFrame.Decoder.Sink frames = frame -> dispatch(frame, receivedNanos);

    private void dispatch(StompFrame frame, long receivedNanos) {
        switch (frame.command()) {
            case "CONNECTED" -> {
                serverHeartbeat = frame.header("heart-beat");
                connected.complete(this);
            }
            case "RECEIPT" -> {
                String id = frame.header("receipt-id");
                CompletableFuture<Void> waiting = id == null ? null : receipts.remove(id);
                if (waiting != null) {
                    waiting.complete(null);
                }
            }
            case "ERROR" -> {
                String code = frame.header("message");
                lost("ERROR frame " + (code == null ? "" : code) + " " + frame.body().strip());
                return;
            }
            default -> {
                // MESSAGE frames go to the scenario.
            }
        }
        handler.onFrame(this, frame, receivedNanos);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedByPeer(statusCode, reason);
        return null;
    }

    void closedByPeer(int statusCode, String reason) {
        lost("closed by the server: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        failed(error);
    }

    void failed(Throwable error) {
        lost("transport error: " + Failures.describe(error));
    }

    private void lost(String reason) {
        if (closed.compareAndSet(false, true)) {
            closeReason = reason;
            stopHeartbeat();
            Wire ws = socket;
            if (ws != null) {
                ws.abort();
            }
            failPending(reason);
            handler.onClosed(this, reason);
        }
    }

    private void failPending(String reason) {
        IllegalStateException failure = new IllegalStateException(label + ": " + reason);
        connected.completeExceptionally(failure);
        receipts.values().forEach(waiting -> waiting.completeExceptionally(failure));
        receipts.clear();
    }
}
