package io.chatservice.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tool's network plumbing. Each JDK HttpClient reads all its WebSockets on one selector thread, so the
 * connections are spread over one client per core. Those clients run their tasks on the calling thread (a direct
 * executor): a frame is decoded and checked on the selector thread that read it, instead of being handed to a
 * pool thread, which cost a wake-up and a park per message and a quarter of the tool's CPU per delivery. This is
 * safe because nothing the tool does on a frame blocks: handlers only update counters, complete futures and
 * queue writes (set-up code waits on its futures from its own virtual threads). Heart-beats run on one timer
 * thread. REST goes through its own client (HTTP/1.1: the server speaks plain HTTP, and an h2c upgrade attempt
 * would only add a round trip).
 */
final class Transport implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final HttpClient[] webSocketClients;
    private final HttpClient rest;
    private final NioWebSockets nio;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong busyRetries = new AtomicLong();

    Transport(Duration connectTimeout) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.webSocketClients = new HttpClient[Math.max(1, cores)];
        for (int i = 0; i < webSocketClients.length; i++) {
            webSocketClients[i] = HttpClient.newBuilder()
                    .executor(Runnable::run)
                    .connectTimeout(connectTimeout)
                    .build();
        }
        try {
            this.nio = new NioWebSockets(cores);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open a selector", e);
        }
        this.rest = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    CompletableFuture<StompConnection> connect(
            BenchOptions options, String label, String token, StompConnection.Handler handler) {
        StompConnection.Connector connector;
        if (options.transport().equals("nio")) {
            connector = nio::connect;
        } else {
            HttpClient client = webSocketClients[Math.floorMod(next.getAndIncrement(), webSocketClients.length)];
            connector = (endpoint, timeout, connection) ->
                    client.newWebSocketBuilder().connectTimeout(timeout).buildAsync(endpoint, connection);
        }
        return StompConnection.open(connector, options.wsEndpoint(), label, token, options.heartbeat(),
                options.connectTimeout(), timer, handler);
    }

    /**
     * Opens a connection for set-up and waits for it (call from a virtual thread): a WebSocket handshake the
     * server refuses as busy (503, 429) is tried again after a pause (see {@link Backoff}); any other failure is
     * thrown.
     */
    StompConnection connectForSetUp(BenchOptions options, String label, String token, StompConnection.Handler handler)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return connect(options, label, token, handler).get();
            } catch (java.util.concurrent.ExecutionException failure) {
                int status = handshakeStatus(failure);
                if (!Backoff.isBusy(status) || attempt >= Backoff.MAX_ATTEMPTS) {
                    throw failure;
                }
                busyRetries.incrementAndGet();
                Thread.sleep(Backoff.pause(attempt, null));
            }
        }
    }

    /** Handshakes refused as busy and tried again. */
    long busyRetries() {
        return busyRetries.get();
    }

    private static int handshakeStatus(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            if (cause instanceof NioWebSockets.HandshakeRefused refused) {
                return refused.status;
            }
        }
        return -1;
    }

    HttpClient rest() {
        return rest;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        nio.close();
    }
}
