package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.out.RoomBroadcast;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import io.chatservice.it.RecordingDelivery.Delivered;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Room events reach the adapters only after their transaction commits, through Spring Modulith's event
 * publication registry: the publication is written in the use case's transaction, vanishes with a rollback,
 * and is marked completed once the listener has handed the event on (never marked processing in between:
 * {@code SkipProcessingMark}).
 */
class AfterCommitPublicationIT extends ChatIntegrationTest {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    @Autowired CreateRoomUseCase createRoom;
    @Autowired SendMessageUseCase sendMessage;
    @Autowired EditMessageUseCase editMessage;
    @Autowired RecordingDelivery delivery;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired EventPublicationRegistry registry;

    private Caller alice;
    private RoomId roomId;

    @BeforeEach
    void createRoom() {
        alice = new Caller(UserId.of("alice-" + UUID.randomUUID()), "Alice");
        roomId = createRoom.createRoom(
                        new CreateRoomCommand(alice, RoomName.of("publication"), Visibility.PRIVATE, Set.of()))
                .id();
    }

    @Test
    void committedSendIsDeliveredAfterCommitAndItsPublicationIsCompleted() throws InterruptedException {
        SendResult sent = send("hello");

        Delivered delivered = delivery.await(sentEventOf(sent), DELIVERY_TIMEOUT).orElseThrow();

        assertThat(delivered.broadcast().kind()).isEqualTo(RoomBroadcast.Kind.ROOM_EVENT);
        assertThat(delivered.broadcast().seq()).isEqualTo(sent.message().seq());
        assertThat(delivered.body().path("seq").longValue()).isEqualTo(sent.message().seq());
        awaitPublicationCompleted(sent.message().id().value());
    }

    @Test
    void theRegistryAnswersTheProcessingMarkBeforeItsTransactionBegins() throws NoSuchMethodException {
        // First of the registry proxy's advisors: in front of its transaction interceptor (SkipProcessingMarkTest
        // shows what that ordering does; CrashRecoveryIT that an in-flight publication reads PUBLISHED).
        PointcutAdvisor first = (PointcutAdvisor) ((Advised) registry).getAdvisors()[0];
        MethodMatcher methods = first.getPointcut().getMethodMatcher();

        assertThat(methods.matches(method("markProcessing"), registry.getClass())).isTrue();
        assertThat(methods.matches(method("markCompleted"), registry.getClass())).isFalse();
    }

    /**
     * What each write of a send committed with, seen by triggers on the tables: the message, its publication and
     * the publication's completion mark all wait for their WAL flush (the ack is sent only once the message is on
     * disk). Guards against a {@code synchronous_commit} setting reaching the pool from anywhere.
     */
    @Test
    void everyWriteOfASendCommitsSynchronously() throws InterruptedException {
        dropCommitRecording(); // left behind by a run that was killed part-way
        jdbc.execute("create table synchronous_commit_seen (table_name text, operation text, row_text text,"
                + " setting text)");
        jdbc.execute("""
                create function record_synchronous_commit() returns trigger language plpgsql as $$
                begin
                  insert into synchronous_commit_seen
                  values (tg_table_name, tg_op, row_to_json(new)::text, current_setting('synchronous_commit'));
                  return null;
                end $$""");
        try {
            jdbc.execute("create trigger record_synchronous_commit after insert on message for each row"
                    + " execute function record_synchronous_commit()");
            jdbc.execute("create trigger record_synchronous_commit after insert or update on event_publication"
                    + " for each row execute function record_synchronous_commit()");

            // One after another: each send's transaction takes a pooled connection that earlier ones used, so a
            // setting left on a connection by an earlier transaction would show in a later one.
            for (int i = 0; i < 5; i++) {
                SendResult sent = send("counted " + i);
                awaitPublicationCompleted(sent.message().id().value());

                assertThat(jdbc.queryForList("select table_name || ' ' || operation || ' ' || setting"
                                + " from synchronous_commit_seen where row_text like ? order by 1", String.class,
                        "%" + sent.message().id().value() + "%"))
                        .containsExactly(
                                "event_publication INSERT on", "event_publication UPDATE on", "message INSERT on");
            }
        } finally {
            dropCommitRecording();
        }
    }

    private void dropCommitRecording() {
        jdbc.execute("drop trigger if exists record_synchronous_commit on message");
        jdbc.execute("drop trigger if exists record_synchronous_commit on event_publication");
        jdbc.execute("drop function if exists record_synchronous_commit()");
        jdbc.execute("drop table if exists synchronous_commit_seen");
    }

    private static Method method(String name) throws NoSuchMethodException {
        return EventPublicationRegistry.class.getMethod(name, Object.class, PublicationTargetIdentifier.class);
    }

    @Test
    void publicationIsRecordedInTheSameTransactionAndRolledBackWithIt() throws InterruptedException {
        String[] messageId = new String[1];
        transactions.executeWithoutResult(status -> {
            SendResult sent = send("never committed");
            messageId[0] = sent.message().id().value();
            // Inside the transaction the outbox row exists, not yet completed, and nothing was delivered.
            assertThat(publicationsMentioning(messageId[0])).isEqualTo(1);
            assertThat(delivery.delivered(RecordingDelivery.mentioning(messageId[0]))).isEmpty();
            status.setRollbackOnly();
        });

        // A later committed message is delivered: the pipeline is live, and the rolled-back one never came.
        SendResult later = send("committed after the rollback");
        delivery.await(sentEventOf(later), DELIVERY_TIMEOUT).orElseThrow();
        assertThat(delivery.delivered(RecordingDelivery.mentioning(messageId[0]))).isEmpty();
        assertThat(publicationsMentioning(messageId[0])).isZero();
        assertThat(jdbc.queryForObject("select count(*) from message where id = ?", Long.class, messageId[0]))
                .isZero();
    }

    @Test
    void rejectedChangePublishesNothing() throws InterruptedException {
        SendResult sent = send("mine");
        delivery.await(sentEventOf(sent), DELIVERY_TIMEOUT).orElseThrow();
        Caller mallory = new Caller(UserId.of("mallory-" + UUID.randomUUID()), null);

        assertThatThrownBy(() -> editMessage.editMessage(new EditMessageCommand(
                        mallory, roomId, sent.message().id(), MessageContent.of("not yours"))))
                .isInstanceOf(PermissionDeniedException.class);

        SendResult next = send("next");
        delivery.await(sentEventOf(next), DELIVERY_TIMEOUT).orElseThrow();
        assertThat(delivery.delivered(RecordingDelivery.inRoom(roomId.value())
                        .and(delivered -> delivered.type().equals("MESSAGE_EDITED"))))
                .isEmpty();
        assertThat(next.message().seq()).isEqualTo(sent.message().seq() + 1);
    }

    private SendResult send(String text) {
        return sendMessage.sendMessage(new SendMessageCommand(
                alice, roomId, ClientMsgId.of(UUID.randomUUID().toString()), MessageContent.of(text)));
    }

    private static Predicate<Delivered> sentEventOf(SendResult sent) {
        return delivered -> delivered.isEvent("MESSAGE_SENT", sent.message().id().value());
    }

    private long publicationsMentioning(String messageId) {
        return jdbc.queryForObject(
                "select count(*) from event_publication where serialized_event like ?", Long.class,
                "%" + messageId + "%");
    }

    private void awaitPublicationCompleted(String messageId) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Long incomplete = jdbc.queryForObject(
                    "select count(*) from event_publication where serialized_event like ? and completion_date is null",
                    Long.class, "%" + messageId + "%");
            if (incomplete == 0 && publicationsMentioning(messageId) > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("publication for " + messageId + " was not completed within " + DELIVERY_TIMEOUT);
    }
}
