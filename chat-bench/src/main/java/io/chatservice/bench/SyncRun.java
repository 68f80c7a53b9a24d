package io.chatservice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reconnect storm: --clients clients, spread over --rooms rooms, are connected and subscribed, then all drop;
 * --backlog messages per room are sent while they are away; then all reconnect at the same instant and catch up
 * as docs/realtime.md says (CONNECT, SUBSCRIBE with receipt, GET …/messages?after={lastMessageId}, then
 * sinceSeq pages while hasMore). Times are measured from that instant, the intended start of every client.
 */
final class SyncRun {

    private final Bench bench;
    private final BenchOptions options;

    SyncRun(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
    }

    /** What one client got back by sync, compared with what was sent while it was away. */
    record Catchup(long missing, long duplicates, long received) {

        static Catchup compare(List<String> expected, List<String> received) {
            Set<String> seen = new HashSet<>();
            long duplicates = 0;
            for (String id : received) {
                if (!seen.add(id)) {
                    duplicates++;
                }
            }
            long missing = expected.stream().filter(id -> !seen.contains(id)).count();
            return new Catchup(missing, duplicates, received.size());
        }
    }

    Report run() throws Exception {
        int rooms = options.rooms();
        int clients = options.clients();
        long setupStart = System.nanoTime();
        String[] ownerTokens = new String[rooms];
        String[] roomIds = new String[rooms];
        String[] lastMessageIds = new String[rooms];
        Bench.forEach(rooms, options.setupConcurrency(), r -> {
            ownerTokens[r] = bench.api().token(bench.user("o", r));
            roomIds[r] = bench.api().createRoom(ownerTokens[r], "bench " + options.runId() + " sync " + r);
        });
        String[] tokens = new String[clients];
        Bench.forEach(clients, options.setupConcurrency(), i -> {
            tokens[i] = bench.api().token(bench.user("c", i));
            bench.api().join(tokens[i], roomIds[i % rooms]);
        });
        // The last message every client of a room holds before it drops.
        Bench.forEach(rooms, options.setupConcurrency(), r -> lastMessageIds[r] = bench.api()
                .send(ownerTokens[r], roomIds[r], options.runId() + "-mark-" + r, "last seen before the storm")
                .messageId());
        bench.progress("connecting %d clients, then dropping them".formatted(clients));
        List<StompConnection> first = Collections.synchronizedList(new ArrayList<>());
        StompConnection.Handler quiet = (connection, frame, receivedNanos) -> {};
        Bench.forEach(clients, options.connectConcurrency(), i -> {
            StompConnection connection = bench.transport().connectForSetUp(options, "client " + i, tokens[i], quiet);
            first.add(connection);
            connection.subscribe("/topic/rooms/" + roomIds[i % rooms]).get();
        });
        first.forEach(StompConnection::close);
        bench.progress("sending a backlog of %d messages to each of %d rooms".formatted(options.backlog(), rooms));
        List<List<String>> backlog = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            backlog.add(Collections.synchronizedList(new ArrayList<>()));
        }
        Bench.forEach(rooms, options.setupConcurrency(), r -> {
            for (int m = 0; m < options.backlog(); m++) {
                backlog.get(r).add(bench.api()
                        .send(ownerTokens[r], roomIds[r], options.runId() + "-b" + r + "-" + m, "missed " + m)
                        .messageId());
            }
        });
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        Thread.sleep(500);

        LatencyStats connectLatency = new LatencyStats();
        LatencyStats subscribeLatency = new LatencyStats();
        LatencyStats syncedLatency = new LatencyStats();
        AtomicLong missing = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong messagesSynced = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        AtomicInteger synced = new AtomicInteger();
        List<StompConnection> second = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        bench.progress("%d clients reconnect at once".formatted(clients));
        CpuWindow cpu = CpuWindow.start(bench.probe());
        long storm;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long[] start = new long[1];
            for (int i = 0; i < clients; i++) {
                int client = i;
                pool.submit(() -> {
                    go.await();
                    int room = client % rooms;
                    try {
                        StompConnection connection =
                                bench.transport().connect(options, "client " + client, tokens[client], quiet).get();
                        second.add(connection);
                        connectLatency.recordNanos(System.nanoTime() - start[0]);
                        connection.subscribe("/topic/rooms/" + roomIds[room]).get();
                        subscribeLatency.recordNanos(System.nanoTime() - start[0]);
                        List<String> received = new ArrayList<>();
                        ChatApi.SyncPage page = bench.api()
                                .sync(tokens[client], roomIds[room], lastMessageIds[room], 0, options.syncLimit());
                        pages.incrementAndGet();
                        received.addAll(page.messageIds());
                        while (page.hasMore()) {
                            page = bench.api().sync(tokens[client], roomIds[room], null, page.lastSeq(), options.syncLimit());
                            pages.incrementAndGet();
                            received.addAll(page.messageIds());
                        }
                        syncedLatency.recordNanos(System.nanoTime() - start[0]);
                        Catchup catchup = Catchup.compare(backlog.get(room), received);
                        missing.addAndGet(catchup.missing());
                        duplicates.addAndGet(catchup.duplicates());
                        messagesSynced.addAndGet(catchup.received());
                        synced.incrementAndGet();
                    } catch (Exception failure) {
                        bench.errors().add("reconnect or sync failed: " + Failures.describe(failure));
                    }
                    return null;
                });
            }
            start[0] = System.nanoTime();
            go.countDown();
            pool.shutdown();
            pool.awaitTermination(Math.max(60, options.connectTimeout().toSeconds() * 4), java.util.concurrent.TimeUnit.SECONDS);
            storm = System.nanoTime() - start[0];
        }
        Map<String, Object> cpuUse = cpu.finish();
        second.forEach(StompConnection::close);

        Report report = new Report();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", options.url().toString());
        config.put("clients", clients);
        config.put("rooms", rooms);
        config.put("backlogPerRoom", options.backlog());
        config.put("syncLimit", options.syncLimit());
        report.put("scenario", "sync")
                .put("runId", options.runId())
                .put("timestamp", java.time.Instant.now().toString())
                .put("config", config)
                .put("setupSeconds", Report.round(setupSeconds))
                .put("clientsSynced", synced.get())
                .put("stormSeconds", Report.round(storm / 1e9))
                .put("clientsSyncedPerSec", Report.perSecond(synced.get(), storm))
                .put("messagesSynced", messagesSynced.get())
                .put("messagesSyncedPerSec", Report.perSecond(messagesSynced.get(), storm))
                .put("syncPages", pages.get())
                .put("connectLatencyMs", Report.latency(connectLatency.total()))
                .put("subscribedLatencyMs", Report.latency(subscribeLatency.total()))
                .put("syncedLatencyMs", Report.latency(syncedLatency.total()))
                .put("missing", missing.get())
                .put("duplicates", duplicates.get())
                .put("errors", bench.errors().total())
                .put("errorKinds", bench.errors().snapshot())
                .put("cpu", cpuUse)
                .put("ok", synced.get() == clients && missing.get() == 0 && duplicates.get() == 0);
        report.line("== chat-bench sync: %d clients over %d rooms reconnect at once, %d missed messages per room =="
                        .formatted(clients, rooms, options.backlog()))
                .line("synced %d of %d clients in %.2fs (%.1f clients/s), %d messages in %d pages".formatted(
                        synced.get(), clients, storm / 1e9, Report.perSecond(synced.get(), storm),
                        messagesSynced.get(), pages.get()))
                .line("storm->CONNECTED   " + LatencyStats.Summary.of(connectLatency.total()).human())
                .line("storm->subscribed  " + LatencyStats.Summary.of(subscribeLatency.total()).human())
                .line("storm->synced      " + LatencyStats.Summary.of(syncedLatency.total()).human())
                .line("missing %d, duplicates %d".formatted(missing.get(), duplicates.get()))
                .line(Report.errorsLine(bench.errors()))
                .line("cpu (cores): tool %s, server %s, load average %s".formatted(
                        cpuUse.get("toolCpuCores"), cpuUse.get("serverCpuCores"), cpuUse.get("loadAverage1m")));
        return report;
    }
}
