package io.chatservice;

import static io.chatservice.it.RecordingDelivery.mentioning;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import io.chatservice.it.ChatIntegrationTest;
import io.chatservice.it.RecordingDelivery;
import io.chatservice.it.ws.ChatInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox maintenance, each test touching only its own rows (the database is shared with other tests and
 * possibly other runs): incomplete publications untouched for long enough are handed to the listener again, by one
 * instance only, in-flight ones are left alone, completed ones are deleted.
 */
class EventPublicationMaintenanceIT extends ChatIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a test waits for a delivery that must not come. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Autowired CreateRoomUseCase createRoom;
    @Autowired SendMessageUseCase sendMessage;
    @Autowired EventPublicationMaintenance maintenance;
    @Autowired RecordingDelivery delivery;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aPublicationLeftIncompleteIsDeliveredAgainAndCompleted() throws InterruptedException {
        MessageId messageId = send("delivered twice").id();
        String marker = "%" + messageId.value() + "%";
        awaitCompleted(marker);
        // As if the relay had failed 45 minutes ago: incomplete, and untouched long enough to be resubmitted.
        makeIncomplete(marker, "PUBLISHED", "45 minutes", "45 minutes");

        assertThat(maintenance.resubmitOlderThan(Duration.ofMinutes(30))).isPositive();

        awaitDeliveries(messageId, 2);
        awaitCompleted(marker);
    }

    /** The operator's "resubmit now": moving the last resubmission back pushes even a row published just now. */
    @Test
    void aPublicationPublishedJustNowWhoseLastResubmissionIsMovedBackIsResubmittedOnTheNextRun()
            throws InterruptedException {
        MessageId messageId = send("pushed by an operator").id();
        String marker = "%" + messageId.value() + "%";
        awaitCompleted(marker);
        makeIncomplete(marker, "FAILED", "0 seconds", "0 seconds");
        jdbc.update("""
                update event_publication set last_resubmission_date = now() - interval '1 hour'
                 where completion_date is null and serialized_event like ?""", marker);

        assertThat(maintenance.resubmitOlderThan(Duration.ofSeconds(30))).isPositive();

        awaitDeliveries(messageId, 2);
        awaitCompleted(marker);
    }

    /** A backlog larger than a batch is worked off a batch per run, the longest untouched first. */
    @Test
    void aRunResubmitsAtMostABatchTheLongestUntouchedFirst() throws InterruptedException {
        List<MessageId> backlog = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MessageId id = send("backlog " + i).id();
            awaitCompleted("%" + id.value() + "%");
            backlog.add(id);
        }
        // Untouched longer than anything the other tests leave stale, and not for the hour after which this
        // context's own schedule would resubmit them.
        for (int i = 0; i < 3; i++) {
            makeIncomplete("%" + backlog.get(i).value() + "%", "FAILED", "57 minutes", (57 - i) + " minutes");
        }

        assertThat(maintenance.resubmitOlderThan(Duration.ofMinutes(30), 2)).isEqualTo(2);

        awaitDeliveries(backlog.get(0), 2);
        awaitDeliveries(backlog.get(1), 2);
        Thread.sleep(GRACE.toMillis());
        assertThat(deliveries(backlog.get(2))).isEqualTo(1);
        assertThat(count("serialized_event like ? and completion_date is null", "%" + backlog.get(2).value() + "%"))
                .isEqualTo(1);

        assertThat(maintenance.resubmitOlderThan(Duration.ofMinutes(30), 2)).isPositive();

        awaitDeliveries(backlog.get(2), 2);
        awaitCompleted("%" + backlog.get(2).value() + "%");
    }

    @Test
    void aPublicationLeftResubmittedByAnInstanceThatDiedIsResubmittedOnceStale() throws InterruptedException {
        MessageId messageId = send("claimed, then orphaned").id();
        String marker = "%" + messageId.value() + "%";
        awaitCompleted(marker);
        // Modulith's own claim, never followed by a relay: it would refuse to resubmit this row ever again.
        makeIncomplete(marker, "RESUBMITTED", "45 minutes", "45 minutes");

        maintenance.resubmitOlderThan(Duration.ofMinutes(30));

        awaitDeliveries(messageId, 2);
        awaitCompleted(marker);
    }

    @Test
    void aPublicationPublishedOrResubmittedRecentlyIsLeftToTheInstanceRelayingIt() throws InterruptedException {
        MessageId inFlight = send("just committed elsewhere").id();
        MessageId retried = send("just resubmitted elsewhere").id();
        awaitCompleted("%" + inFlight.value() + "%");
        awaitCompleted("%" + retried.value() + "%");
        makeIncomplete("%" + inFlight.value() + "%", "PROCESSING", "1 second", "1 second");
        // Old, but another instance took it on a second ago: its relay may still be running.
        makeIncomplete("%" + retried.value() + "%", "PROCESSING", "45 minutes", "1 second");

        maintenance.resubmitOlderThan(Duration.ofMinutes(1));

        Thread.sleep(GRACE.toMillis());
        assertThat(deliveries(inFlight)).isEqualTo(1);
        assertThat(deliveries(retried)).isEqualTo(1);
        assertThat(count("serialized_event like ? and completion_date is null", "%" + inFlight.value() + "%"))
                .isEqualTo(1);
        forget(inFlight);
        forget(retried);
    }

    /**
     * Two instances on one database: the one that starts leaves the other's in-flight publications alone (what
     * Modulith's republish-on-restart would not), and when both resubmit the same stale publications at the same
     * moment, each is broadcast by one of them only.
     */
    @Test
    void twoInstancesResubmittingAtOnceBroadcastEachPublicationOnce() throws Exception {
        MessageId inFlight = send("in flight while another instance starts").id();
        awaitCompleted("%" + inFlight.value() + "%");
        makeIncomplete("%" + inFlight.value() + "%", "PROCESSING", "1 second", "1 second");
        List<MessageId> stale = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stale.add(send("stale " + i).id());
        }
        for (MessageId id : stale) {
            awaitCompleted("%" + id.value() + "%");
        }

        try (ChatInstance other = ChatInstance.start("maintenance-peer", Map.of(
                // It resubmits at start what is untouched for 30 s, and then not again while the test runs.
                "chat.fanout", "local", "chat.events.resubmit-after", "PT30S",
                "chat.events.maintenance-interval", "PT1H"))) {
            EventPublicationMaintenance peer = other.bean(EventPublicationMaintenance.class);
            Thread.sleep(GRACE.toMillis());
            assertThat(deliveries(inFlight) + other.deliveries().delivered(mentioning(inFlight.value())).size())
                    .as("deliveries of a publication in flight when the other instance started").isEqualTo(1);

            for (MessageId id : stale) {
                makeIncomplete("%" + id.value() + "%", "FAILED", "45 minutes", "45 minutes");
            }
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService both = Executors.newFixedThreadPool(2);
            Future<Integer> here = both.submit(() -> {
                together.await();
                return maintenance.resubmitOlderThan(Duration.ofMinutes(30));
            });
            Future<Integer> there = both.submit(() -> {
                together.await();
                return peer.resubmitOlderThan(Duration.ofMinutes(30));
            });
            int resubmitted = here.get(30, TimeUnit.SECONDS) + there.get(30, TimeUnit.SECONDS);
            both.shutdown();

            for (MessageId id : stale) {
                awaitCompleted("%" + id.value() + "%");
            }
            Thread.sleep(GRACE.toMillis());
            // At least ours: other tests or runs may have left stale publications in the shared database.
            assertThat(resubmitted).as("resubmissions by both instances together").isGreaterThanOrEqualTo(stale.size());
            for (MessageId id : stale) {
                assertThat(deliveries(id) + other.deliveries().delivered(mentioning(id.value())).size())
                        .as("deliveries of %s: the first, and one resubmission", id).isEqualTo(2);
            }
        } finally {
            forget(inFlight);
        }
    }

    @Test
    void completedPublicationsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() throws InterruptedException {
        String old = "%" + send("old enough to go").id().value() + "%";
        String young = "%" + send("too young to go").id().value() + "%";
        awaitCompleted(old);
        awaitCompleted(young);
        jdbc.update("update event_publication set completion_date = now() - interval '2 hours' where serialized_event like ?",
                old);

        maintenance.purgeOlderThan(Duration.ofHours(1));

        assertThat(count("serialized_event like ?", old)).isZero();
        assertThat(count("serialized_event like ? and completion_date is not null", young)).isEqualTo(1);
    }

    /**
     * The messages of one group commit share one publication: its relay completes it once, and after a failure
     * the maintenance hands the whole batch to the relay again, every message of it.
     */
    @Test
    void theMessagesOfOneGroupCommitShareOnePublicationWhichIsResubmittedAsAWhole() throws Exception {
        Caller caller = new Caller(UserId.of("batcher-" + UUID.randomUUID()), null);
        RoomId roomId = createRoom.createRoom(
                new CreateRoomCommand(caller, RoomName.of("outbox batch"), Visibility.PRIVATE, Set.of())).id();
        int count = 12;
        List<Future<Message>> sent = new ArrayList<>();
        // The room held locked: the committer waits in its first batch, and the other sends queue behind it.
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            jdbc.execute((java.sql.Connection connection) -> {
                connection.setAutoCommit(false);
                try (var lock = connection.prepareStatement("select id from room where id = ? for update")) {
                    lock.setString(1, roomId.value());
                    lock.executeQuery().close();
                    for (int i = 0; i < count; i++) {
                        ClientMsgId clientMsgId = ClientMsgId.of("c-" + i);
                        sent.add(senders.submit(() -> sendMessage.sendMessage(new SendMessageCommand(
                                caller, roomId, clientMsgId, MessageContent.of("batched"))).message()));
                        Thread.sleep(20);
                    }
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                return null;
            });
            List<MessageId> ids = new ArrayList<>();
            for (Future<Message> message : sent) {
                ids.add(message.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).id());
            }
            for (MessageId id : ids) {
                awaitCompleted("%" + id.value() + "%");
            }
            List<String> batchRows = jdbc.queryForList("""
                    select serialized_event from event_publication
                     where event_type like '%MessagesSentTogether' and serialized_event like ?""",
                    String.class, "%" + roomId.value() + "%");
            assertThat(batchRows).as("publications of group commits with several of the %d messages", count)
                    .isNotEmpty()
                    .hasSizeLessThan(count);
            String batch = batchRows.getLast();
            List<MessageId> inBatch = ids.stream().filter(id -> batch.contains(id.value())).toList();
            assertThat(inBatch).hasSizeGreaterThan(1);

            makeIncomplete("%" + inBatch.getFirst().value() + "%", "PUBLISHED", "45 minutes", "45 minutes");
            assertThat(maintenance.resubmitOlderThan(Duration.ofMinutes(30))).isPositive();

            for (MessageId id : inBatch) {
                awaitDeliveries(id, 2);
            }
            awaitCompleted("%" + inBatch.getFirst().value() + "%");
        }
    }

    private Message send(String text) {
        Caller caller = new Caller(UserId.of("maintainer-" + UUID.randomUUID()), null);
        RoomId roomId = createRoom.createRoom(
                new CreateRoomCommand(caller, RoomName.of("outbox"), Visibility.PRIVATE, Set.of())).id();
        return sendMessage.sendMessage(new SendMessageCommand(
                caller, roomId, ClientMsgId.of("c-1"), MessageContent.of(text))).message();
    }

    /** Turns the completed publication back into an incomplete one, published and last touched that long ago. */
    private void makeIncomplete(String marker, String status, String publishedAgo, String touchedAgo) {
        jdbc.update("""
                update event_publication
                   set completion_date = null, status = ?,
                       publication_date = now() - ?::interval, last_resubmission_date = now() - ?::interval
                 where serialized_event like ?""", status, publishedAgo, touchedAgo, marker);
    }

    /** Removes a publication this test left incomplete on purpose, so that no later instance resubmits it. */
    private void forget(MessageId messageId) {
        jdbc.update("delete from event_publication where serialized_event like ?", "%" + messageId.value() + "%");
    }

    private int deliveries(MessageId messageId) {
        return delivery.delivered(mentioning(messageId.value())).size();
    }

    private long count(String where, Object argument) {
        return jdbc.queryForObject("select count(*) from event_publication where " + where, Long.class, argument);
    }

    private void awaitCompleted(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (count("serialized_event like ? and completion_date is not null", marker) > 0
                    && count("serialized_event like ? and completion_date is null", marker) == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the publication of " + marker + " was not completed within " + TIMEOUT);
    }

    private void awaitDeliveries(MessageId messageId, int times) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (delivery.delivered(delivered -> delivered.isEvent("MESSAGE_SENT", messageId.value())).size()
                    >= times) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(messageId + " was not delivered " + times + " times within " + TIMEOUT);
    }
}
