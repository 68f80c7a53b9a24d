package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.CreateRoomCommand;
import io.chatservice.application.port.in.CreateRoomUseCase;
import io.chatservice.domain.room.RoomName;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.UserId;
import io.chatservice.it.ChatIntegrationTest;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Completed publications (which hold message text) are deleted once older than the retention. */
class CompletedPublicationsPurgeIT extends ChatIntegrationTest {

    @Autowired CreateRoomUseCase createRoom;
    @Autowired CompletedPublicationsPurge purge;
    @Autowired JdbcTemplate jdbc;

    @Test
    void completedPublicationsOlderThanTheRetentionAreDeletedAndIncompleteOnesKept() throws InterruptedException {
        String roomName = "purged-" + UUID.randomUUID();
        var room = createRoom.createRoom(new CreateRoomCommand(
                new Caller(UserId.of("purger-" + UUID.randomUUID()), null), RoomName.of(roomName),
                Visibility.PRIVATE, Set.of()));
        String marker = "%" + room.id().value() + "%";
        awaitCompleted(marker);
        try {
            jdbc.update("""
                    insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status)
                    values (gen_random_uuid(), 'purge-test-listener', 'java.lang.String', ?, now() - interval '1 day',
                            'PUBLISHED')""", "never delivered " + room.id().value());

            purge.purgeOlderThan(Duration.ZERO);

            assertThat(jdbc.queryForObject(
                            "select count(*) from event_publication where serialized_event like ? and completion_date is not null",
                            Long.class, marker))
                    .isZero();
            assertThat(jdbc.queryForObject(
                            "select count(*) from event_publication where serialized_event like ? and completion_date is null",
                            Long.class, marker))
                    .isEqualTo(1);
        } finally {
            // Another instance starting on this database would try to hand the stand-in to a listener.
            jdbc.update("delete from event_publication where listener_id = 'purge-test-listener'");
        }
    }

    private void awaitCompleted(String marker) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            Long completed = jdbc.queryForObject(
                    "select count(*) from event_publication where serialized_event like ? and completion_date is not null",
                    Long.class, marker);
            if (completed > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no completed publication for " + marker);
    }
}
