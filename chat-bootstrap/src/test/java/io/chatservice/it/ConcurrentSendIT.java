package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.AddMemberCommand;
import io.chatservice.application.port.in.AddMemberUseCase;
import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.DeleteMessageCommand;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.PageLimit;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.in.SyncMessagesUseCase;
import io.chatservice.application.port.in.SyncPage;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several threads send to one room at once against the real PostgreSQL: the seqs come out 1..N with no gap and
 * no duplicate, a clientMsgId sent concurrently by two threads yields one message, a client syncing by
 * lastMessageId all through the run never misses a message, and one syncing while messages are also edited
 * and deleted ends with exactly the stored state.
 */
class ConcurrentSendIT extends ChatIntegrationTest {

    private static final int SENDERS = 8;
    private static final int MESSAGES_PER_SENDER = 40;

    @Autowired CreateRoomUseCase createRoom;
    @Autowired AddMemberUseCase addMember;
    @Autowired SendMessageUseCase sendMessage;
    @Autowired SyncMessagesUseCase syncMessages;
    @Autowired EditMessageUseCase editMessage;
    @Autowired DeleteMessageUseCase deleteMessage;
    @Autowired JdbcTemplate jdbc;

    @Test
    void concurrentSendsGetGapFreeSeqsAndASyncingClientMissesNothing() throws Exception {
        Caller owner = caller("owner");
        RoomId roomId = createRoom.createRoom(
                new CreateRoomCommand(owner, RoomName.of("busy room"), Visibility.PUBLIC, Set.of())).id();
        List<Caller> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            Caller sender = caller("sender" + i);
            addMember.addMember(new AddMemberCommand(owner, roomId, sender.id()));
            senders.add(sender);
        }
        long seqBeforeRun = SENDERS + 1; // the owner's JOIN, then one JOIN per sender

        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Future<?>> senderRuns = new ArrayList<>();
        for (Caller sender : senders) {
            senderRuns.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < MESSAGES_PER_SENDER; i++) {
                    sendMessage.sendMessage(new SendMessageCommand(
                            sender, roomId, ClientMsgId.of("m-" + i), MessageContent.of(sender.id() + " #" + i)));
                }
                return null;
            }));
        }
        Future<List<Long>> syncRun = pool.submit(() -> {
            start.await();
            List<Long> seen = new ArrayList<>();
            MessageId cursor = null;
            long cursorSeq = 0;
            while (sending.get()) {
                SyncPage page = sync(owner, roomId, cursor, cursorSeq);
                assertContiguousFrom(cursorSeq, page);
                for (Message message : page.messages()) {
                    seen.add(message.lastEventSeq());
                    cursor = message.id();
                }
                cursorSeq = page.lastSeq();
            }
            SyncPage rest;
            do {
                rest = sync(owner, roomId, cursor, cursorSeq);
                assertContiguousFrom(cursorSeq, rest);
                for (Message message : rest.messages()) {
                    seen.add(message.lastEventSeq());
                    cursor = message.id();
                }
                cursorSeq = rest.lastSeq();
            } while (rest.hasMore() || !rest.messages().isEmpty());
            return seen;
        });

        start.countDown();
        for (Future<?> run : senderRuns) {
            run.get(2, TimeUnit.MINUTES);
        }
        sending.set(false);
        List<Long> seenBySync = syncRun.get(1, TimeUnit.MINUTES);
        pool.shutdown();

        long expectedLastSeq = seqBeforeRun + (long) SENDERS * MESSAGES_PER_SENDER;
        List<Long> storedSeqs = jdbc.queryForList(
                "select seq from message where room_id = ? order by seq", Long.class, roomId.value());
        assertThat(storedSeqs).containsExactlyElementsOf(LongStream.rangeClosed(1, expectedLastSeq).boxed().toList());
        assertThat(jdbc.queryForObject("select last_seq from room where id = ?", Long.class, roomId.value()))
                .isEqualTo(expectedLastSeq);
        assertThat(seenBySync).containsExactlyElementsOf(
                LongStream.rangeClosed(1, expectedLastSeq).boxed().toList());
    }

    @Test
    void sameClientMsgIdSentConcurrentlyCreatesOneMessage() throws Exception {
        Caller alice = caller("alice");
        RoomId roomId = createRoom.createRoom(
                new CreateRoomCommand(alice, RoomName.of("retries"), Visibility.PRIVATE, Set.of())).id();
        int attempts = 6;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SendResult>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return sendMessage.sendMessage(new SendMessageCommand(
                        alice, roomId, ClientMsgId.of("retry-me"), MessageContent.of("only once")));
            }));
        }
        start.countDown();
        List<SendResult> outcomes = new ArrayList<>();
        for (var result : results) {
            outcomes.add(result.get(1, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertThat(outcomes).extracting(outcome -> outcome.message().id()).containsOnly(outcomes.getFirst().message().id());
        assertThat(outcomes).filteredOn(outcome -> !outcome.duplicate()).hasSize(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from message where room_id = ? and client_msg_id = 'retry-me'",
                        Long.class, roomId.value()))
                .isEqualTo(1);
    }

    /**
     * Sends, edits and deletes race each other, so lastEventSeq runs ahead of seq: a client that applies every
     * sync page (upsert by message id) while this goes on ends with exactly the state in the database.
     */
    @Test
    void syncingClientConvergesOnTheStoredStateWhileMessagesAreSentEditedAndDeleted() throws Exception {
        Caller owner = caller("owner");
        RoomId roomId = createRoom.createRoom(
                new CreateRoomCommand(owner, RoomName.of("churn"), Visibility.PUBLIC, Set.of())).id();
        List<Caller> workers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Caller worker = caller("worker" + i);
            addMember.addMember(new AddMemberCommand(owner, roomId, worker.id()));
            workers.add(worker);
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers.size() + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean working = new AtomicBoolean(true);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            Caller worker = workers.get(w);
            Random random = new Random(w);
            runs.add(pool.submit(() -> {
                start.await();
                int events = 0;
                List<MessageId> live = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int action = random.nextInt(10);
                    if (action < 2 && !live.isEmpty()) {
                        MessageId target = live.get(random.nextInt(live.size()));
                        editMessage.editMessage(new EditMessageCommand(
                                worker, roomId, target, MessageContent.of("edit " + i + " by " + worker.id())));
                    } else if (action < 3 && !live.isEmpty()) {
                        deleteMessage.deleteMessage(new DeleteMessageCommand(
                                worker, roomId, live.remove(random.nextInt(live.size()))));
                    } else {
                        live.add(sendMessage.sendMessage(new SendMessageCommand(worker, roomId,
                                ClientMsgId.of("c-" + i), MessageContent.of("message " + i))).message().id());
                    }
                    events++;
                }
                return events;
            }));
        }
        Future<Map<MessageId, Message>> client = pool.submit(() -> {
            start.await();
            Map<MessageId, Message> state = new HashMap<>();
            long cursor = 0;
            boolean finalPass = false;
            while (true) {
                boolean lastRound = !working.get();
                SyncPage page;
                do {
                    page = sync(owner, roomId, null, cursor);
                    long previous = cursor;
                    for (Message message : page.messages()) {
                        assertThat(message.lastEventSeq()).as("ordered by lastEventSeq").isGreaterThan(previous);
                        previous = message.lastEventSeq();
                        state.put(message.id(), message);
                    }
                    assertThat(page.lastSeq()).isGreaterThanOrEqualTo(previous);
                    cursor = page.lastSeq();
                } while (page.hasMore());
                if (finalPass) {
                    return state;
                }
                finalPass = lastRound;
            }
        });

        start.countDown();
        int events = 0;
        for (Future<Integer> run : runs) {
            events += run.get(2, TimeUnit.MINUTES);
        }
        working.set(false);
        Map<MessageId, Message> synced = client.get(1, TimeUnit.MINUTES);
        pool.shutdown();

        long joins = 1 + workers.size();
        assertThat(jdbc.queryForObject("select last_seq from room where id = ?", Long.class, roomId.value()))
                .isEqualTo(joins + events);
        Map<MessageId, Message> stored = new HashMap<>();
        SyncPage all;
        long cursor = 0;
        do {
            all = sync(owner, roomId, null, cursor);
            all.messages().forEach(message -> stored.put(message.id(), message));
            cursor = all.lastSeq();
        } while (all.hasMore());
        assertThat(stored).hasSize(jdbc.queryForObject(
                "select count(*) from message where room_id = ?", Integer.class, roomId.value()));
        assertThat(synced).isEqualTo(stored);
    }

    private SyncPage sync(Caller caller, RoomId roomId, @Nullable MessageId cursor, long cursorSeq) {
        SyncQuery query = cursor == null
                ? new SyncQuery(caller, roomId, null, cursorSeq, new PageLimit(50))
                : new SyncQuery(caller, roomId, cursor, null, new PageLimit(50));
        return syncMessages.syncMessages(query);
    }

    /** A page must continue exactly where the client stood: seqs cursor+1, cursor+2, … with nothing skipped. */
    private static void assertContiguousFrom(long cursorSeq, SyncPage page) {
        List<Long> seqs = page.messages().stream().map(Message::lastEventSeq).toList();
        List<Long> expected = LongStream.rangeClosed(cursorSeq + 1, cursorSeq + seqs.size()).boxed().toList();
        assertThat(seqs).as("sync page after seq %d", cursorSeq).isEqualTo(expected);
        // Every event in this room creates a message, so lastSeq must be exactly the last seq handed over.
        assertThat(page.lastSeq()).isEqualTo(cursorSeq + seqs.size());
    }

    private static Caller caller(String name) {
        return new Caller(UserId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8)), name);
    }
}
