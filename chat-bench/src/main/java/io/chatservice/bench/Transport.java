package io.chatservice.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tool's network plumbing. Each JDK HttpClient reads all its WebSockets on one selector thread, so the
 * connections are spread over one client per core; frames are handled on a small shared pool, and heart-beats
 * on one timer thread. REST goes through its own client (HTTP/1.1: the server speaks plain HTTP, and an h2c
 * upgrade attempt would only add a round trip).
 */
final class Transport implements AutoCloseable {

    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final HttpClient[] webSocketClients;
    private final HttpClient rest;
    private final AtomicInteger next = new AtomicInteger();

    Transport(Duration connectTimeout) {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, cores), runnable -> {
            Thread thread = new Thread(runnable, "bench-io-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.webSocketClients = new HttpClient[Math.max(1, cores)];
        for (int i = 0; i < webSocketClients.length; i++) {
            webSocketClients[i] = HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout).build();
        }
        this.rest = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    CompletableFuture<StompConnection> connect(
            BenchOptions options, String label, String token, StompConnection.Handler handler) {
        HttpClient client = webSocketClients[Math.floorMod(next.getAndIncrement(), webSocketClients.length)];
        return StompConnection.open(client, options.wsEndpoint(), label, token, options.heartbeat(),
                options.connectTimeout(), timer, handler);
    }

    HttpClient rest() {
        return rest;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
    }
}
