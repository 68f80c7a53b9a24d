package io.chatservice.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The chat and broadcast scenarios: R rooms, K subscribers in each, N senders, sends paced open-loop at a
 * target rate (or, with --saturate, at rising rates until acks fall behind). Every send is tracked from its
 * intended time to its ack and to its delivery at every subscriber of its room.
 */
final class LoadRun {

    private final Bench bench;
    private final BenchOptions options;
    private final DeliveryLedger ledger;
    private final LatencyStats schedulerLag = new LatencyStats();
    private final List<Sender> senders = new ArrayList<>();
    private final List<StompConnection> subscriberConnections = new ArrayList<>();
    private final AtomicInteger lostSubscribers = new AtomicInteger();
    private final AtomicInteger lostSenders = new AtomicInteger();
    private final String padding;
    private String[] roomIds = new String[0];
    private volatile long measureStartNanos;

    LoadRun(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
        this.ledger = new DeliveryLedger(options.rooms());
        this.padding = "x".repeat(Math.max(0, options.messageSize()));
    }

    /** The rooms sender {@code s} of {@code n} sends to: its own share of the rooms, and at least one. */
    static int[] senderRooms(int s, int n, int rooms) {
        Set<Integer> mine = new LinkedHashSet<>();
        for (int r = s; r < rooms; r += n) {
            mine.add(r);
        }
        mine.add(s % rooms);
        return mine.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A sender: one connection, the rooms it sends to, and a bound on its sends awaiting an ack. */
    private final class Sender {
        final int index;
        final int[] rooms;
        final ArrayDeque<DeliveryLedger.Sent> waiting = new ArrayDeque<>();
        @Nullable StompConnection connection;
        int nextRoom;
        int inFlight;

        Sender(int index, int[] rooms) {
            this.index = index;
            this.rooms = rooms;
        }

        synchronized int nextRoom() {
            int room = rooms[nextRoom];
            nextRoom = (nextRoom + 1) % rooms.length;
            return room;
        }

        synchronized void submit(DeliveryLedger.Sent message) {
            if (options.maxInFlight() > 0 && inFlight >= options.maxInFlight()) {
                waiting.add(message);
            } else {
                write(message);
            }
        }

        synchronized void answered() {
            inFlight = Math.max(0, inFlight - 1);
            while (!waiting.isEmpty() && (options.maxInFlight() == 0 || inFlight < options.maxInFlight())) {
                write(waiting.poll());
            }
        }

        private void write(DeliveryLedger.Sent message) {
            StompConnection c = connection;
            if (c == null || !c.isOpen()) {
                ledger.failed(message.clientMsgId);
                bench.errors().add("send on a lost sender connection");
                return;
            }
            inFlight++;
            if (message.measured) {
                schedulerLag.recordNanos(System.nanoTime() - message.intendedNanos);
            }
            c.send("/app/rooms/" + roomIds[message.room] + "/messages",
                    "{\"clientMsgId\":\"" + message.clientMsgId + "\",\"content\":\"bench " + message.clientMsgId + " "
                            + padding + "\"}");
        }

        synchronized void lost() {
            // Sends still waiting will never be written; those written are left unanswered unless acked later.
            for (DeliveryLedger.Sent message : waiting) {
                ledger.failed(message.clientMsgId);
            }
            waiting.clear();
        }
    }

    Report run() throws Exception {
        Report report = new Report();
        long setupStart = System.nanoTime();
        setUp();
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        bench.progress("setup done in %.1fs: %d rooms, %d subscriber connections, %d senders"
                .formatted(setupSeconds, options.rooms(), subscriberConnections.size(), senders.size()));

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> bench.progress("sent %d, acked %d, delivered %d, errors %d"
                .formatted(ledger.sends(), ledger.acks(), ledger.deliveries(), bench.errors().total())), 5, 5, TimeUnit.SECONDS);
        CpuWindow cpu = CpuWindow.start(bench.probe());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        measureStartNanos = start + options.warmup().toNanos();
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> best = null;
        Timeline timeline = null;
        long pacingEnd;
        if (options.saturate()) {
            SaturationResult result = saturate(start);
            steps = result.steps;
            best = result.best;
            pacingEnd = result.endNanos;
        } else {
            pacingEnd = measureStartNanos + options.duration().toNanos();
            timeline = Timeline.start(ledger.ackLatency(), ledger.deliveryLatency(), measureStartNanos);
            new OpenLoopSchedule(start, options.rate()).run(pacingEnd, 0, this::dispatch);
        }
        long drainStart = System.nanoTime();
        long drainEnd = drainStart + options.drain().toNanos();
        while (!ledger.settled() && System.nanoTime() < drainEnd) {
            Thread.sleep(20);
        }
        double drained = (System.nanoTime() - drainStart) / 1e9;
        ticker.shutdownNow();
        List<Timeline.Second> perSecond = timeline == null ? List.of() : timeline.stop();
        Map<String, Object> cpuUse = cpu.finish();
        ServerProbe.Sample server = bench.probe().sample(false);

        // One snapshot: acks may still trickle in while the report is written.
        long sends = ledger.sends();
        long acks = ledger.acks();
        long deliveries = ledger.deliveries();
        long unanswered = ledger.unanswered();
        long failedSends = ledger.failedSends();
        DeliveryLedger.Missing missing = ledger.missing();
        Histogram ack = ledger.ackLatency().total();
        Histogram delivery = ledger.deliveryLatency().total();
        Histogram lag = schedulerLag.total();
        long paced = pacingEnd - start;
        double sendsPerSecond = Report.perSecond(sends, paced);
        double acksPerSecond = Report.perSecond(acks, Math.max(paced, ledger.lastAckNanos() - start));
        double deliveriesPerSecond = Report.perSecond(deliveries, Math.max(paced, ledger.lastDeliveryNanos() - start));

        report.put("scenario", options.scenario().name().toLowerCase())
                .put("mode", options.saturate() ? "saturate" : "fixed")
                .put("runId", options.runId())
                .put("timestamp", java.time.Instant.now().toString())
                .put("config", config())
                .put("setupSeconds", Report.round(setupSeconds))
                .put("busyRetries", bench.api().busyRetries() + bench.transport().busyRetries())
                .put("sends", sends)
                .put("acks", acks)
                .put("deliveries", deliveries)
                .put("sendsPerSec", sendsPerSecond)
                .put("acksPerSec", acksPerSecond)
                .put("deliveriesPerSec", deliveriesPerSecond)
                .put("ackLatencyMs", Report.latency(ack))
                .put("deliveryLatencyMs", Report.latency(delivery))
                .put("schedulerLagMs", Report.latency(lag))
                .put("errors", bench.errors().total())
                .put("errorKinds", bench.errors().snapshot())
                .put("failedSends", failedSends)
                .put("unanswered", unanswered)
                .put("duplicateAcks", ledger.duplicateAcks())
                .put("missing", missing.connected())
                .put("missingOnLostSubscribers", missing.lost())
                .put("missingMessages", missing.messages())
                .put("seqGaps", ledger.gaps())
                .put("duplicates", ledger.duplicates())
                .put("reordered", ledger.reordered())
                .put("lostSubscriberConnections", lostSubscribers.get())
                .put("lostSenderConnections", lostSenders.get())
                .put("drainSeconds", Report.round(drained))
                .put("cpu", cpuUse)
                .put("toolCpuMicrosPerDelivery", cpuUse.get("toolCpuSeconds") instanceof Double seconds && deliveries > 0
                        ? Report.round(seconds * 1e6 / deliveries) : null)
                .put("serverRssBytes", server.rssBytes() < 0 ? null : server.rssBytes())
                .put("toolRssBytes", ServerProbe.toolRssBytes());
        if (!perSecond.isEmpty()) {
            report.put("timeline", perSecond.stream().map(Timeline.Second::json).toList());
        }
        if (options.saturate()) {
            Map<String, Object> saturation = new LinkedHashMap<>();
            saturation.put("highestSustainedRate", best == null ? null : best.get("targetRate"));
            saturation.put("highestSustainedAcksPerSec", best == null ? null : best.get("acksPerSec"));
            saturation.put("steps", steps);
            report.put("saturation", saturation);
        }

        String title = "%s: %d rooms x %d subscribers, %d senders, %s".formatted(
                options.scenario().name().toLowerCase(), options.rooms(), options.subscribers(), options.senders(),
                options.saturate() ? "saturate from %.0f/s ×%.2f per %ds step".formatted(options.saturateStart(),
                        options.saturateFactor(), options.saturateStep().toSeconds())
                        : "%.0f msg/s for %ds (+%ds warm-up)".formatted(options.rate(), options.duration().toSeconds(),
                                options.warmup().toSeconds()));
        report.line("== chat-bench " + title + " ==")
                .line("sent %d (%.1f/s), acked %d (%.1f/s), delivered %d (%.1f/s)".formatted(
                        sends, sendsPerSecond, acks, acksPerSecond, deliveries, deliveriesPerSecond))
                .line("send->ack       " + LatencyStats.Summary.of(ack).human())
                .line("send->delivery  " + LatencyStats.Summary.of(delivery).human())
                .line("scheduler lag   " + LatencyStats.Summary.of(lag).human());
        if (!perSecond.isEmpty()) {
            report.line(Timeline.summary(perSecond, PER_SECOND_ACK_P99_LIMIT_MS));
        }
        report.line("missing %d (+%d at lost subscribers; %d distinct messages), seq gaps seen %d, duplicates %d, reordered %d"
                        .formatted(missing.connected(), missing.lost(), missing.messages(), ledger.gaps(),
                                ledger.duplicates(), ledger.reordered()))
                .line("unanswered sends %d, failed sends %d".formatted(unanswered, failedSends))
                .line("lost connections: %d subscribers, %d senders; drained in %.1fs".formatted(
                        lostSubscribers.get(), lostSenders.get(), drained))
                .line(Report.errorsLine(bench.errors()))
                .line("cpu (cores): tool %s (%s µs per delivery, sends and acks included), server %s, load average %s; server RSS %s".formatted(
                        cpuUse.get("toolCpuCores"), report.json().get("toolCpuMicrosPerDelivery"),
                        cpuUse.get("serverCpuCores"), cpuUse.get("loadAverage1m"), Report.mib(server.rssBytes())));
        if (options.saturate()) {
            report.line("saturation steps (target/s, sent/s, acked/s, delivered/s, ack p99 ms, delivery p99 ms, server cpu, verdict):");
            for (Map<String, Object> step : steps) {
                report.line("  %8.0f %8.1f %8.1f %10.1f %9.2f %9.2f %5s  %s".formatted(step.get("targetRate"),
                        step.get("sendsPerSec"), step.get("acksPerSec"), step.get("deliveriesPerSec"),
                        ((Map<?, ?>) step.get("ackLatencyMs")).get("p99"),
                        ((Map<?, ?>) step.get("deliveryLatencyMs")).get("p99"),
                        ((Map<?, ?>) step.get("cpu")).get("serverCpuCores"), step.get("verdict")));
            }
            report.line(best == null ? "highest sustained rate: none (the first step already fell behind)"
                    : "highest sustained rate: %.0f msg/s".formatted((Double) best.get("targetRate")));
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("acksPerSec", acksPerSecond);
        if (best != null) {
            rates.put("highestSustainedRate", (Double) best.get("targetRate"));
        }
        report.put("ratesForBaseline", rates);
        // Outside --saturate the server is expected to keep up: an error, or a send still unacked after the
        // drain, fails the run as a missing delivery does.
        report.put("ok", missing.connected() == 0 && ledger.duplicates() == 0 && ledger.reordered() == 0
                && (options.saturate() || (bench.errors().total() == 0 && unanswered == 0 && failedSends == 0)));
        return report;
    }

    private record SaturationResult(List<Map<String, Object>> steps, @Nullable Map<String, Object> best, long endNanos) {}

    /**
     * Raises the rate step by step, without pauses; a step is sustained when acks kept up with the sends (at
     * least 95 % of them within the step), its p99 send→ack latency stayed within --saturate-max-p99, and no
     * error or lost connection occurred. The first step that is not sustained ends the run.
     */
    private SaturationResult saturate(long start) {
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> best = null;
        long stepStart = start;
        long sequence = 0;
        if (!options.warmup().isZero()) {
            long warmupEnd = start + options.warmup().toNanos();
            sequence = new OpenLoopSchedule(start, options.saturateStart()).run(warmupEnd, 0, this::dispatch);
            ledger.ackLatency().interval();
            ledger.deliveryLatency().interval();
            stepStart = warmupEnd;
        }
        double rate = options.saturateStart();
        while (rate <= options.saturateMaxRate()) {
            long stepEnd = stepStart + options.saturateStep().toNanos();
            long sendsBefore = ledger.sends();
            long acksBefore = ledger.acks();
            long errorsBefore = bench.errors().total();
            long deliveriesBefore = ledger.deliveries();
            CpuWindow stepCpu = CpuWindow.start(bench.probe());
            sequence = new OpenLoopSchedule(stepStart, rate).run(stepEnd, sequence, this::dispatch);
            Histogram ack = ledger.ackLatency().interval();
            // Deliveries that arrived during the step, of this step's sends or of earlier ones still in flight:
            // what a subscriber experienced while the server was offered this rate (the chart's y values).
            Histogram delivery = ledger.deliveryLatency().interval();
            long stepDeliveries = ledger.deliveries() - deliveriesBefore;
            long stepSends = ledger.sends() - sendsBefore;
            long stepAcks = ledger.acks() - acksBefore;
            long stepErrors = bench.errors().total() - errorsBefore;
            long stepNanos = stepEnd - stepStart;
            String verdict = Saturation.judge(stepSends, stepAcks, stepErrors,
                    LatencyStats.Summary.of(ack).p99Ms(), options.saturateMaxP99().toMillis());
            Map<String, Object> step = stepJson(rate, stepNanos, stepSends, stepAcks, stepDeliveries, stepErrors, ack,
                    delivery, stepCpu.finish(), verdict);
            steps.add(step);
            bench.progress("step %.0f/s: %s".formatted(rate, verdict));
            if (!verdict.equals(Saturation.SUSTAINED)) {
                return new SaturationResult(steps, best, stepEnd);
            }
            best = step;
            stepStart = stepEnd;
            rate *= options.saturateFactor();
        }
        return new SaturationResult(steps, best, stepStart);
    }

    /** One step of --saturate as it goes into the JSON; the chart reads its two latency distributions back. */
    static Map<String, Object> stepJson(double rate, long stepNanos, long sends, long acks, long deliveries, long errors,
            Histogram ack, Histogram delivery, Map<String, Object> cpu, String verdict) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("targetRate", Report.round(rate));
        step.put("sendsPerSec", Report.perSecond(sends, stepNanos));
        step.put("acksPerSec", Report.perSecond(acks, stepNanos));
        step.put("deliveriesPerSec", Report.perSecond(deliveries, stepNanos));
        step.put("errors", errors);
        step.put("ackLatencyMs", Report.latency(ack));
        step.put("deliveryLatencyMs", Report.latency(delivery));
        step.put("cpu", cpu);
        step.put("verdict", verdict);
        return step;
    }

    private void dispatch(long sequence, long intendedNanos) {
        Sender sender = senders.get((int) (sequence % senders.size()));
        int room = sender.nextRoom();
        String clientMsgId = options.runId() + "-" + sequence;
        DeliveryLedger.Sent message =
                ledger.sending(clientMsgId, room, intendedNanos, intendedNanos >= measureStartNanos);
        sender.submit(message);
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", options.url().toString());
        config.put("rooms", options.rooms());
        config.put("subscribersPerRoom", options.subscribers());
        config.put("senders", options.senders());
        config.put("rate", options.saturate() ? null : options.rate());
        config.put("durationSeconds", options.duration().toSeconds());
        config.put("warmupSeconds", options.warmup().toSeconds());
        config.put("messageSize", options.messageSize());
        config.put("maxInFlight", options.maxInFlight());
        if (options.saturate()) {
            config.put("saturateStart", options.saturateStart());
            config.put("saturateFactor", options.saturateFactor());
            config.put("saturateStepSeconds", options.saturateStep().toSeconds());
            config.put("saturateMaxP99Ms", options.saturateMaxP99().toMillis());
        }
        return config;
    }

    private void setUp() throws Exception {
        int n = options.senders();
        int rooms = options.rooms();
        int k = options.subscribers();
        roomIds = new String[rooms];
        String[] senderTokens = new String[n];
        Bench.forEach(n, options.setupConcurrency(), s -> senderTokens[s] = bench.api().token(bench.user("s", s)));
        Bench.forEach(rooms, options.setupConcurrency(), r -> roomIds[r] = bench.api()
                .createRoom(senderTokens[r % n], "bench " + options.runId() + " room " + r));
        for (int s = 0; s < n; s++) {
            senders.add(new Sender(s, senderRooms(s, n, rooms)));
        }
        Bench.forEach(n, options.setupConcurrency(), s -> {
            for (int room : senders.get(s).rooms) {
                if (room % n != s) {
                    bench.api().join(senderTokens[s], roomIds[room]);
                }
            }
        });
        bench.progress("rooms created; connecting %d senders and %d subscribers".formatted(n, rooms * k));
        Bench.forEach(n, options.setupConcurrency(), s -> {
            Sender sender = senders.get(s);
            StompConnection connection = bench.transport()
                    .connectForSetUp(options, "sender " + s, senderTokens[s], new SenderHandler(sender));
            sender.connection = connection;
            java.util.concurrent.CompletableFuture.allOf(connection.subscribe("/user/queue/acks"),
                    connection.subscribe("/user/queue/errors")).get();
        });
        List<StompConnection> connections = java.util.Collections.synchronizedList(new ArrayList<>());
        Bench.forEach(rooms * k, options.connectConcurrency(), i -> {
            int room = i % rooms;
            String token = bench.api().token(bench.user("u", i));
            bench.api().join(token, roomIds[room]);
            DeliveryLedger.Subscriber subscriber = ledger.addSubscriber(room);
            StompConnection connection = bench.transport()
                    .connectForSetUp(options, "subscriber " + i, token, new SubscriberHandler(subscriber));
            connections.add(connection);
            // Both subscriptions in one round trip; each is live once its RECEIPT is back.
            java.util.concurrent.CompletableFuture.allOf(connection.subscribe("/user/queue/errors"),
                    connection.subscribe("/topic/rooms/" + roomIds[room])).get();
        });
        subscriberConnections.addAll(connections);
    }

    void close() {
        senders.forEach(sender -> {
            if (sender.connection != null) {
                sender.connection.close();
            }
        });
        subscriberConnections.forEach(StompConnection::close);
    }

    /** The per-second summary counts the seconds whose p99 send→ack is past this: the 50 ms target. */
    private static final double PER_SECOND_ACK_P99_LIMIT_MS = 50;

    /** What a sender reads of an ack or an error: clientMsgId, seq, status, code. */
    private static final JsonFields ACK_FIELDS = JsonFields.of("clientMsgId", "seq", "status", "code");

    /** What a subscriber reads of a room event or an error: type, seq, message.clientMsgId, code. */
    private static final JsonFields EVENT_FIELDS = JsonFields.of("type", "seq", "message.clientMsgId", "code");

    private final class SenderHandler implements StompConnection.Handler {
        private final Sender sender;

        SenderHandler(Sender sender) {
            this.sender = sender;
        }

        @Override
        public void onFrame(StompConnection connection, StompFrame frame, long receivedNanos) {
            if (!frame.command().equals("MESSAGE")) {
                return;
            }
            String destination = String.valueOf(frame.header("destination"));
            @Nullable String[] body = ACK_FIELDS.read(frame.body());
            String clientMsgId = body[0];
            if (destination.endsWith("/queue/acks") && clientMsgId != null) {
                if ("DUPLICATE".equals(body[2])) {
                    bench.errors().add("ack with status DUPLICATE for a fresh clientMsgId");
                }
                String seq = body[1];
                if (seq != null && ledger.acked(clientMsgId, Long.parseLong(seq), receivedNanos)) {
                    sender.answered();
                }
            } else if (destination.endsWith("/queue/errors")) {
                bench.errors().add("sender queue/errors " + (body[3] == null ? "?" : body[3]));
                if (clientMsgId != null && ledger.find(clientMsgId) != null) {
                    ledger.failed(clientMsgId);
                    sender.answered();
                }
            }
        }

        @Override
        public void onClosed(StompConnection connection, String reason) {
            lostSenders.incrementAndGet();
            bench.errors().add("sender connection lost: " + reason);
            sender.lost();
        }
    }

    private final class SubscriberHandler implements StompConnection.Handler {
        private final DeliveryLedger.Subscriber subscriber;

        SubscriberHandler(DeliveryLedger.Subscriber subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void onFrame(StompConnection connection, StompFrame frame, long receivedNanos) {
            if (!frame.command().equals("MESSAGE")) {
                return;
            }
            String destination = String.valueOf(frame.header("destination"));
            @Nullable String[] body = EVENT_FIELDS.read(frame.body());
            if (destination.endsWith("/queue/errors")) {
                bench.errors().add("subscriber queue/errors " + (body[3] == null ? "?" : body[3]));
                return;
            }
            if ("MESSAGE_SENT".equals(body[0])) {
                String seq = body[1];
                String clientMsgId = body[2];
                if (seq != null && clientMsgId != null) {
                    ledger.delivered(subscriber, Long.parseLong(seq), clientMsgId, receivedNanos);
                }
            }
        }

        @Override
        public void onClosed(StompConnection connection, String reason) {
            lostSubscribers.incrementAndGet();
            subscriber.lost();
            bench.errors().add("subscriber connection lost: " + reason);
        }
    }
}
