package io.chatservice;

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
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox maintenance, each test touching only its own rows (the database is shared with other tests and
 * possibly other runs): incomplete publications are handed to the listener again, completed ones deleted.
 */
class EventPublicationMaintenanceIT extends ChatIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
        // As if the relay had failed an hour ago: incomplete, and old enough to be resubmitted.
        jdbc.update("""
                update event_publication
                   set completion_date = null, status = 'PUBLISHED', publication_date = now() - interval '1 hour'
                 where serialized_event like ?""", marker);

        maintenance.resubmitOlderThan(Duration.ofMinutes(30));

        awaitDeliveries(messageId, 2);
        awaitCompleted(marker);
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

    private Message send(String text) {
        Caller caller = new Caller(UserId.of("maintainer-" + UUID.randomUUID()), null);
        RoomId roomId = createRoom.createRoom(
                new CreateRoomCommand(caller, RoomName.of("outbox"), Visibility.PRIVATE, Set.of())).id();
        return sendMessage.sendMessage(new SendMessageCommand(
                caller, roomId, ClientMsgId.of("c-1"), MessageContent.of(text))).message();
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
