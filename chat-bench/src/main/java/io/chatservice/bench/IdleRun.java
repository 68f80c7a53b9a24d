package io.chatservice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    IdleRun(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
    }

    Report run() throws Exception {
        int target = options.connections();
        String limits = openFilesLimit();
        bench.progress("idle: up to %d connections; this process's open-files limit: %s".formatted(target, limits));
        String ownerToken = bench.api().token(bench.user("o", 0));
        String[] roomIds = new String[options.rooms()];
        for (int r = 0; r < roomIds.length; r++) {
            roomIds[r] = bench.api().createRoom(ownerToken, "bench " + options.runId() + " idle " + r);
        }
        ServerProbe.Sample before = bench.probe().sample(options.forceGc());
        long toolRssBefore = ServerProbe.toolRssBytes();
        CpuWindow cpu = CpuWindow.start(bench.probe());
        long connectStart = System.nanoTime();
        LatencyStats connectLatency = new LatencyStats();
        Bench.forEach(target, options.connectConcurrency(), i -> {
            if (full.get()) {
                return;
            }
            try {
                String token = bench.api().token(bench.user("i", i));
                bench.api().join(token, roomIds[i % roomIds.length]);
                long t0 = System.nanoTime();
                StompConnection connection = bench.transport()
                        .connect(options, "idle " + i, token, new StompConnection.Handler() {
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
                        })
                        .get();
                open.add(connection);
                connection.subscribe("/user/queue/errors").get();
                connection.subscribe("/topic/rooms/" + roomIds[i % roomIds.length]).get();
                connectLatency.recordNanos(System.nanoTime() - t0);
                consecutiveFailures.set(0);
                if (open.size() % 1000 == 0) {
                    bench.progress(open.size() + " connections open");
                }
            } catch (Exception failure) {
                failures.incrementAndGet();
                bench.errors().add("connect failed: " + Failures.describe(failure));
                if (consecutiveFailures.incrementAndGet() >= CONSECUTIVE_FAILURES_TO_STOP && full.compareAndSet(false, true)) {
                    bench.progress("stopping: %d connection attempts failed in a row".formatted(CONSECUTIVE_FAILURES_TO_STOP));
                }
            }
        });
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        int opened = open.size();
        bench.progress("%d connections open after %.1fs; holding them idle for %ds".formatted(
                opened, connectSeconds, options.duration().toSeconds()));
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
                        "holdSeconds", options.duration().toSeconds(), "forceGc", options.forceGc()))
                .put("opened", opened)
                .put("stillOpenAfterHold", stillOpen)
                .put("connectFailures", failures.get())
                .put("stoppedBecauseFull", full.get())
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
