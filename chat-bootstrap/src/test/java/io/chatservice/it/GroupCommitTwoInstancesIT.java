package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.AddMemberUseCase;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.service.MessageService;
import io.chatservice.application.service.SendStatistics;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import io.chatservice.it.ws.ChatInstance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances, each with its own send committer, group-commit sends into the same rooms of one PostgreSQL at
 * once; some clientMsgIds are sent to both instances at the same moment (a client retrying through the other
 * instance) and a non-member keeps trying too. Every room's seqs come out 1..n with no gap, every clientMsgId is
 * stored once, every ack names a committed row exactly as stored, and the refused sends leave no trace.
 */
class GroupCommitTwoInstancesIT {

    private static final int ROOMS = 3;
    private static final int SENDERS = 24;
    private static final int SENDS_EACH = 30;

    private static ChatInstance a;
    private static ChatInstance b;

    @BeforeAll
    static void startTwoInstances() {
        a = ChatInstance.start("A", Map.of("chat.send.batch.max-size", "32"));
        b = ChatInstance.start("B", Map.of("chat.send.batch.max-size", "32"));
    }

    @AfterAll
    static void stopThem() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void concurrentGroupCommitsOnTwoInstancesKeepSeqsGapFreeAndEachClientMsgIdOnce() throws Exception {
        Caller owner = caller("owner");
        List<RoomId> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(a.bean(CreateRoomUseCase.class)
                    .createRoom(new CreateRoomCommand(owner, RoomName.of("group commit " + r), Visibility.PUBLIC, Set.of()))
                    .id());
        }
        List<Caller> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            Caller sender = caller("sender" + s);
            for (RoomId room : rooms) {
                a.bean(AddMemberUseCase.class).addMember(new AddMemberCommand(owner, room, sender.id()));
            }
            senders.add(sender);
        }
        Caller outsider = caller("outsider");
        SendStatistics before = statistics();

        List<SendResult> acks = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            Caller sender = senders.get(s);
            ChatInstance instance = s % 2 == 0 ? a : b;
            ChatInstance other = s % 2 == 0 ? b : a;
            runs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < SENDS_EACH; i++) {
                    RoomId room = rooms.get(i % ROOMS);
                    SendMessageCommand command = new SendMessageCommand(
                            sender, room, ClientMsgId.of("m-" + i), MessageContent.of(sender.id() + " #" + i));
                    if (i % 5 == 0) {
                        // The same send through both instances at once: one message, two acks of it.
                        Future<SendResult> retry =
                                pool.submit(() -> other.bean(SendMessageUseCase.class).sendMessage(command));
                        acks.add(instance.bean(SendMessageUseCase.class).sendMessage(command));
                        acks.add(retry.get(1, TimeUnit.MINUTES));
                    } else {
                        acks.add(instance.bean(SendMessageUseCase.class).sendMessage(command));
                    }
                }
                return null;
            }));
        }
        for (ChatInstance instance : List.of(a, b)) {
            runs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                    try {
                        instance.bean(SendMessageUseCase.class).sendMessage(new SendMessageCommand(outsider,
                                rooms.get(i % ROOMS), ClientMsgId.of("x-" + i), MessageContent.of("let me in")));
                    } catch (PermissionDeniedException expected) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();

        JdbcTemplate jdbc = a.bean(JdbcTemplate.class);
        int sendsPerRoom = SENDERS * SENDS_EACH / ROOMS;
        long joins = 1 + SENDERS;
        for (RoomId room : rooms) {
            List<Long> seqs = jdbc.queryForList(
                    "select seq from message where room_id = ? order by seq", Long.class, room.value());
            assertThat(seqs).as("seqs of %s", room)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, joins + sendsPerRoom).boxed().toList());
            assertThat(jdbc.queryForObject("select last_seq from room where id = ?", Long.class, room.value()))
                    .isEqualTo(joins + sendsPerRoom);
            assertThat(jdbc.queryForObject(
                            "select count(*) from message where room_id = ? and sender_id = ?",
                            Long.class, room.value(), outsider.id().value()))
                    .isZero();
        }
        assertThat(refused).hasValue(40);

        // Every ack is a committed row, as stored; the two acks of one clientMsgId name the same row.
        Map<String, Map<String, Object>> stored = new HashMap<>();
        for (RoomId room : rooms) {
            jdbc.queryForList("select id, seq, sender_id, client_msg_id, content from message where room_id = ?"
                            + " and type = 'TEXT'", room.value())
                    .forEach(row -> stored.put((String) row.get("id"), row));
        }
        assertThat(stored).hasSize(SENDERS * SENDS_EACH);
        Map<String, String> idByClientMsg = new ConcurrentHashMap<>();
        int fresh = 0;
        for (SendResult ack : acks) {
            Map<String, Object> row = stored.get(ack.message().id().value());
            assertThat(row).as("row of ack %s", ack.message().id()).isNotNull();
            assertThat(row.get("seq")).isEqualTo(ack.message().seq());
            assertThat(row.get("content")).isEqualTo(ack.message().content().value());
            String clientMsg = ack.message().roomId() + "/" + ack.message().senderId() + "/" + ack.message().clientMsgId();
            assertThat(idByClientMsg.putIfAbsent(clientMsg, ack.message().id().value()))
                    .isIn(null, ack.message().id().value());
            if (!ack.duplicate()) {
                fresh++;
            }
        }
        assertThat(fresh).as("acks that created a message").isEqualTo(SENDERS * SENDS_EACH);
        assertThat(acks).hasSize(SENDERS * SENDS_EACH + SENDERS * (SENDS_EACH / 5));

        SendStatistics after = statistics();
        assertThat(after.sends() - before.sends())
                .as("sends went through the combiners, several per transaction")
                .isGreaterThan(after.batches() - before.batches());
    }

    private static SendStatistics statistics() {
        SendStatistics onA = a.bean(MessageService.class).sendStatistics();
        SendStatistics onB = b.bean(MessageService.class).sendStatistics();
        return new SendStatistics(
                onA.batches() + onB.batches(), onA.sends() + onB.sends(), onA.fallbacks() + onB.fallbacks());
    }

    private static Caller caller(String name) {
        return new Caller(UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8)), name);
    }
}
