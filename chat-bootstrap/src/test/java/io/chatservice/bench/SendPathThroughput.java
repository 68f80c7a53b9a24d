package io.chatservice.bench;

import io.chatservice.ChatApplication;
import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.AddMemberUseCase;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.service.MessageService;
import io.chatservice.application.service.SendStatistics;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A measurement, not a test: the durable send path's throughput with group commit off and on, in one JVM
 * against the test PostgreSQL (the {@code SPRING_DATASOURCE_*} variables, as the integration tests use).
 * {@code senders} virtual threads call {@link SendMessageUseCase} directly (no HTTP, no STOMP) into
 * {@code rooms} rooms for {@code seconds} after a warm-up; every send is committed with its outbox rows and
 * relayed after commit (local fan-out), as in production. The modes alternate over {@code rounds} so that a
 * machine whose load drifts affects both alike; compare the ratio, not the absolute figures.
 *
 * <p>Run from the worktree root after {@code ./mvnw test-compile -pl chat-bootstrap -am}, with the test
 * classpath: {@code java -cp ... io.chatservice.bench.SendPathThroughput [senders] [rooms] [seconds] [rounds]
 * [modes]} where modes is e.g. {@code off,on}.
 */
public final class SendPathThroughput {

    private SendPathThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int senders = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        List<String> modes = List.of((args.length > 4 ? args[4] : "off,on").split(","));
        System.out.printf("senders=%d rooms=%d measure=%ds rounds=%d cpus=%d%n",
                senders, rooms, seconds, rounds, Runtime.getRuntime().availableProcessors());
        List<String> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String mode : modes) {
                results.add("round " + round + " batch " + mode + ": "
                        + run(mode.equals("on"), senders, rooms, Duration.ofSeconds(seconds)));
                System.out.println(results.getLast());
            }
        }
        System.out.println("---");
        results.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(boolean batch, int senders, int roomCount, Duration measure) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(TestDatabase.properties());
        properties.put("server.port", "0");
        properties.put("chat.auth.secret", "throughput-measurement-secret-of-at-least-32-bytes");
        properties.put("chat.fanout", "local");
        properties.put("chat.send.batch.enabled", Boolean.toString(batch));
        properties.put("logging.level.root", "WARN");
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ChatApplication.class).run(args.toArray(String[]::new))) {
            SendMessageUseCase send = context.getBean(SendMessageUseCase.class);
            Caller owner = caller("owner");
            List<RoomId> rooms = new ArrayList<>();
            for (int r = 0; r < roomCount; r++) {
                rooms.add(context.getBean(CreateRoomUseCase.class).createRoom(
                        new CreateRoomCommand(owner, RoomName.of("bench " + r), Visibility.PUBLIC, Set.of())).id());
            }
            List<Caller> callers = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                Caller sender = caller("sender" + s);
                for (RoomId room : rooms) {
                    context.getBean(AddMemberUseCase.class).addMember(new AddMemberCommand(owner, room, sender.id()));
                }
                callers.add(sender);
            }

            AtomicBoolean counting = new AtomicBoolean(false);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            AtomicLong latencyNanos = new AtomicLong();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<?>> runs = new ArrayList<>();
            for (Caller sender : callers) {
                runs.add(pool.submit(() -> {
                    long n = 0;
                    while (running.get()) {
                        RoomId room = rooms.get(ThreadLocalRandom.current().nextInt(rooms.size()));
                        long start = System.nanoTime();
                        send.sendMessage(new SendMessageCommand(sender, room, ClientMsgId.of("b-" + n++),
                                MessageContent.of("a message of an ordinary length, about sixty characters")));
                        if (counting.get()) {
                            sent.incrementAndGet();
                            latencyNanos.addAndGet(System.nanoTime() - start);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(3_000);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            long backlogBefore = incomplete(jdbc);
            SendStatistics before = context.getBean(MessageService.class).sendStatistics();
            counting.set(true);
            long started = System.nanoTime();
            Thread.sleep(measure.toMillis());
            counting.set(false);
            double elapsed = (System.nanoTime() - started) / 1e9;
            long backlogAfter = incomplete(jdbc);
            SendStatistics after = context.getBean(MessageService.class).sendStatistics();
            running.set(false);
            for (Future<?> run : runs) {
                run.get();
            }
            pool.shutdown();
            long count = sent.get();
            long batches = after.batches() - before.batches();
            double averageBatch = batches == 0 ? 1 : (double) (after.sends() - before.sends()) / batches;
            // Acked sends whose outbox row was not completed within the window were not relayed in it: the rate
            // the whole path sustains is the acked rate less the growth of that backlog.
            long relayed = count - (backlogAfter - backlogBefore);
            return String.format("%.0f sends/s acked, %.0f sends/s also relayed, mean latency %.1f ms,"
                            + " average batch %.1f, fallbacks %d, outbox backlog %d -> %d",
                    count / elapsed, relayed / elapsed, count == 0 ? 0 : latencyNanos.get() / 1e6 / count,
                    averageBatch, after.fallbacks() - before.fallbacks(), backlogBefore, backlogAfter);
        }
    }

    private static long incomplete(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from event_publication where completion_date is null", Long.class);
    }

    private static Caller caller(String name) {
        return new Caller(UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8)), name);
    }
}
