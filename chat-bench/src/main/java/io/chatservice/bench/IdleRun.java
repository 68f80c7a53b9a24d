package io.chatservice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle connections: opens up to --connections authenticated STOMP connections (each subscribed to its errors
 * queue and to one room, as an idle client is), as many as the server and the machine accept, holds them for
 * --duration with heart-beats flowing, and reports what each costs the server in resident memory and heap.
 */
final class IdleRun {

    /** After this many failures in a row the machine or the server is taken to be full. */
    static final int CONSECUTIVE_FAILURES_TO_STOP = 50;

    private static final JsonFields ERROR_CODE = JsonFields.of("code");

    private final Bench bench;
    private final BenchOptions options;
    private final List<StompConnection> open = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger lostWhileIdle = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();
    private final AtomicInteger userFailures = new AtomicInteger();
    private final AtomicInteger usersReady = new AtomicInteger();
    private final AtomicInteger subscribed = new AtomicInteger();

    IdleRun(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
    }

    Report run() throws Exception {
        int target = options.connections();
        int perUser = options.connectionsPerUser();
        int users = Math.ceilDiv(target, perUser);
        String limits = openFilesLimit();
        bench.progress("idle: up to %d connections, %d per user (%d users); this process's open-files limit: %s"
                .formatted(target, perUser, users, limits));
        String ownerToken = bench.api().token(bench.user("o", 0));
        String[] roomIds = new String[options.rooms()];
        for (int r = 0; r < roomIds.length; r++) {
            roomIds[r] = bench.api().createRoom(ownerToken, "bench " + options.runId() + " idle " + r);
        }
        ServerProbe.Sample before = bench.probe().sample(options.forceGc());
        long toolRssBefore = ServerProbe.toolRssBytes();
        CpuWindow cpu = CpuWindow.start(bench.probe());
        long connectStart = System.nanoTime();

        // Users first: a token and a REST join each, --setup-concurrency at a time (the server's database pool is
        // the limit here, not the machine). Every connection of a user then shares its token and membership.
        String[] tokens = new String[users];
        Bench.forEach(users, options.setupConcurrency(), u -> {
            if (full.get()) {
                return;
            }
            try {
                String token = bench.api().token(bench.user("i", u));
                bench.api().join(token, roomIds[u % roomIds.length]);
                tokens[u] = token;
                succeeded();
            } catch (Exception failure) {
                userFailures.incrementAndGet();
                failed("user set-up failed: " + Failures.describe(failure));
            }
            int done = usersReady.incrementAndGet();
            if (done % 1000 == 0) {
                bench.progress("%d of %d users joined (%.0f/s)".formatted(done, users,
                        done / ((System.nanoTime() - connectStart) / 1e9)));
            }
        });
        double userSeconds = (System.nanoTime() - connectStart) / 1e9;
        bench.progress("%d users ready in %.1fs; opening connections, %d at a time".formatted(
                users - userFailures.get(), userSeconds, options.connectConcurrency()));

        long connectionsStart = System.nanoTime();
        LatencyStats connectLatency = new LatencyStats();
        Bench.forEach(target, options.connectConcurrency(), i -> {
            int user = i / perUser;
            String token = tokens[user];
            if (full.get() || token == null) {
                return;
            }
            try {
                long t0 = System.nanoTime();
                StompConnection connection = bench.transport()
                        .connectForSetUp(options, "idle " + i, token, new StompConnection.Handler() {
                            @Override
                            public void onFrame(StompConnection c, StompFrame frame, long receivedNanos) {
                                if (frame.command().equals("MESSAGE")
                                        && String.valueOf(frame.header("destination")).endsWith("/queue/errors")) {
                                    bench.errors().add("queue/errors " + ERROR_CODE.read(frame.body())[0]);
                                }
                            }

                            @Override
                            public void onClosed(StompConnection c, String reason) {
                                lostWhileIdle.incrementAndGet();
                                bench.errors().add("idle connection lost: " + reason);
                            }
                        });
                open.add(connection);
                // Both subscriptions in one round trip; each is live once its RECEIPT is back.
                CompletableFuture.allOf(connection.subscribe("/user/queue/errors"),
                        connection.subscribe("/topic/rooms/" + roomIds[user % roomIds.length])).get();
                connectLatency.recordNanos(System.nanoTime() - t0);
                succeeded();
                int opened = subscribed.incrementAndGet();
                if (opened % 1000 == 0) {
                    bench.progress("%d connections open (%.0f/s)".formatted(opened,
                            opened / ((System.nanoTime() - connectionsStart) / 1e9)));
                }
            } catch (Exception failure) {
                failures.incrementAndGet();
                failed("connect failed: " + Failures.describe(failure));
            }
        });
        long connectEnd = System.nanoTime();
        double connectSeconds = (connectEnd - connectStart) / 1e9;
        double connectionSeconds = (connectEnd - connectionsStart) / 1e9;
        int opened = open.size();
        bench.progress("%d connections open after %.1fs (%.0f/s; the connections alone %.1fs, %.0f/s); holding them idle for %ds"
                .formatted(opened, connectSeconds, opened / Math.max(connectSeconds, 1e-9), connectionSeconds,
                        opened / Math.max(connectionSeconds, 1e-9), options.duration().toSeconds()));
        ServerProbe.Sample connected = bench.probe().sample(options.forceGc());
        Thread.sleep(options.duration().toMillis());
        ServerProbe.Sample held = bench.probe().sample(options.forceGc());
        Map<String, Object> cpuUse = cpu.finish();
        long stillOpen = open.stream().filter(StompConnection::isOpen).count();
        long toolRss = ServerProbe.toolRssBytes();

        Report report = new Report();
        report.put("scenario", "idle")
                .put("runId", options.runId())
                .put("timestamp", java.time.Instant.now().toString())
                .put("config", Map.of("url", options.url().toString(), "targetConnections", target,
                        "rooms", options.rooms(), "heartbeatMs", options.heartbeat().toMillis(),
                        "holdSeconds", options.duration().toSeconds(), "forceGc", options.forceGc(),
                        "connectionsPerUser", perUser, "connectConcurrency", options.connectConcurrency(),
                        "setupConcurrency", options.setupConcurrency()))
                .put("opened", opened)
                .put("stillOpenAfterHold", stillOpen)
                .put("users", users)
                .put("userSetupFailures", userFailures.get())
                .put("connectFailures", failures.get())
                .put("busyRetries", bench.api().busyRetries() + bench.transport().busyRetries())
                .put("stoppedBecauseFull", full.get())
                .put("userSetupSeconds", Report.round(userSeconds))
                .put("connectionPhaseSeconds", Report.round(connectionSeconds))
                .put("connectionPhasePerSec", Report.round(opened / Math.max(connectionSeconds, 1e-9)))
                .put("connectSeconds", Report.round(connectSeconds))
                .put("connectsPerSec", Report.round(opened / Math.max(connectSeconds, 1e-9)))
                .put("connectLatencyMs", Report.latency(connectLatency.total()))
                .put("server", serverJson(before, connected, held, stillOpen))
                .put("toolRssBytes", toolRss)
                .put("toolRssPerConnectionBytes", opened == 0 ? null : (toolRss - toolRssBefore) / opened)
                .put("clientOpenFilesLimit", limits)
                .put("errors", bench.errors().total())
                .put("errorKinds", bench.errors().snapshot())
                .put("cpu", cpuUse)
                .put("ok", opened > 0 && stillOpen == opened);
        report.line("== chat-bench idle: %d of %d connections opened in %.1fs, %d still open after %ds =="
                        .formatted(opened, target, connectSeconds, stillOpen, options.duration().toSeconds()))
                .line("opening: %.1f connections/s overall; %d users (%d connections each) joined in %.1fs, then the connections alone at %.1f/s; busy answers retried %d, set-up failures %d users + %d connections%s"
                        .formatted(opened / Math.max(connectSeconds, 1e-9), users, perUser, userSeconds,
                                opened / Math.max(connectionSeconds, 1e-9),
                                bench.api().busyRetries() + bench.transport().busyRetries(), userFailures.get(),
                                failures.get(), full.get() ? "; stopped early: server or machine full" : ""))
                .line("connect+subscribe  " + LatencyStats.Summary.of(connectLatency.total()).human())
                .line("server RSS  before %s, connected %s, after hold %s -> %s per connection".formatted(
                        Report.mib(before.rssBytes()), Report.mib(connected.rssBytes()), Report.mib(held.rssBytes()),
                        perConnection(before.rssBytes(), held.rssBytes(), stillOpen)))
                .line("server heap before %s, connected %s, after hold %s -> %s per connection [%s]".formatted(
                        Report.mib(before.heapUsedBytes()), Report.mib(connected.heapUsedBytes()),
                        Report.mib(held.heapUsedBytes()),
                        perConnection(before.heapUsedBytes(), held.heapUsedBytes(), stillOpen), held.heapSource()))
                .line("server off-heap RSS (RSS - committed heap) before %s, after hold %s -> %s per connection".formatted(
                        Report.mib(before.offHeapRssBytes()), Report.mib(held.offHeapRssBytes()),
                        perConnection(before.offHeapRssBytes(), held.offHeapRssBytes(), stillOpen)))
                .line("server threads before %d, after hold %d; tool RSS %s; client open-files limit %s".formatted(
                        before.threads(), held.threads(), Report.mib(toolRss), limits))
                .line(Report.errorsLine(bench.errors()))
                .line("cpu (cores): tool %s, server %s, load average %s".formatted(
                        cpuUse.get("toolCpuCores"), cpuUse.get("serverCpuCores"), cpuUse.get("loadAverage1m")));
        return report;
    }

    private void succeeded() {
        consecutiveFailures.set(0);
    }

    /**
     * A set-up step failed even after the retries of busy answers: after {@value #CONSECUTIVE_FAILURES_TO_STOP} in a
     * row the server or the machine is taken to be full and no more connections are tried.
     */
    private void failed(String kind) {
        bench.errors().add(kind);
        if (consecutiveFailures.incrementAndGet() >= CONSECUTIVE_FAILURES_TO_STOP && full.compareAndSet(false, true)) {
            bench.progress("stopping: %d set-up steps failed in a row".formatted(CONSECUTIVE_FAILURES_TO_STOP));
        }
    }

    private static String perConnection(long before, long after, long connections) {
        if (before < 0 || after < 0 || connections == 0) {
            return "n/a";
        }
        double kib = (after - before) / 1024.0 / connections;
        // A process-wide figure fell: the collector or the allocator gave back more than the connections took.
        return kib < 0 ? "%.1f KiB (noise: other memory moved more; use a fresh server and more connections)".formatted(kib)
                : "%.1f KiB".formatted(kib);
    }

    private static Map<String, Object> serverJson(
            ServerProbe.Sample before, ServerProbe.Sample connected, ServerProbe.Sample held, long connections) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("rssBytesBefore", nullIfUnknown(before.rssBytes()));
        server.put("rssBytesConnected", nullIfUnknown(connected.rssBytes()));
        server.put("rssBytesAfterHold", nullIfUnknown(held.rssBytes()));
        server.put("rssBytesPerConnection", delta(before.rssBytes(), held.rssBytes(), connections));
        server.put("heapUsedBytesBefore", nullIfUnknown(before.heapUsedBytes()));
        server.put("heapUsedBytesConnected", nullIfUnknown(connected.heapUsedBytes()));
        server.put("heapUsedBytesAfterHold", nullIfUnknown(held.heapUsedBytes()));
        server.put("heapBytesPerConnection", delta(before.heapUsedBytes(), held.heapUsedBytes(), connections));
        server.put("heapCommittedBytesBefore", nullIfUnknown(before.heapCommittedBytes()));
        server.put("heapCommittedBytesAfterHold", nullIfUnknown(held.heapCommittedBytes()));
        server.put("offHeapRssBytesPerConnection", delta(before.offHeapRssBytes(), held.offHeapRssBytes(), connections));
        server.put("heapSource", held.heapSource());
        server.put("threadsBefore", before.threads());
        server.put("threadsAfterHold", held.threads());
        return server;
    }

    private static Object nullIfUnknown(long value) {
        return value < 0 ? null : value;
    }

    private static Object delta(long before, long after, long connections) {
        return before < 0 || after < 0 || connections == 0 ? null : (after - before) / connections;
    }

    private static String openFilesLimit() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).strip().split("\\s+");
                    return parts[0] + " soft / " + parts[1] + " hard";
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    void close() {
        List<StompConnection> copy;
        synchronized (open) {
            copy = List.copyOf(open);
        }
        copy.forEach(StompConnection::close);
    }
}
