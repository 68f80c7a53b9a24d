package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.room.Room;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

class SchemaIT extends PersistenceIntegrationTest {

    @Autowired
    private Flyway flyway;

    @Test
    void everyMigrationIsAppliedAndMigratingAgainChangesNothing() {
        assertThat(Arrays.stream(flyway.info().applied()).map(MigrationInfo::getVersion).map(Object::toString))
                .contains("1", "2", "3");

        assertThat(flyway.migrate().migrationsExecuted).isZero();
    }

    @Test
    void theEventPublicationTableHasSpringModulithsSchemaVersion2() {
        var columns = jdbc.sql("""
                        select column_name from information_schema.columns
                         where table_schema = current_schema() and table_name = 'event_publication'""")
                .query(String.class)
                .list();

        assertThat(columns).contains(
                "id", "listener_id", "event_type", "serialized_event", "publication_date", "completion_date",
                "status", "completion_attempts", "last_resubmission_date");
    }

    @Test
    void theDatabaseRefusesATextMessageThatHasNeitherContentNorADeletionTime() {
        Room room = createRoom(newUser("alice"));

        assertThatThrownBy(() -> jdbc.sql("""
                        insert into message (id, room_id, seq, sender_id, client_msg_id, type, content, created_at,
                                             last_event_seq)
                        values ('m-' || gen_random_uuid(), :roomId, 2, 'alice', 'c-1', 'TEXT', null, now(), 2)""")
                        .param("roomId", room.id().value())
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("message_text_content_ck");
    }

    @Test
    void theDatabaseRefusesAReadMarkerBeforeTheMembersJoin() {
        var alice = newUser("alice");
        Room room = createRoom(alice);

        assertThatThrownBy(() -> jdbc.sql("update room_member set last_read_seq = 0 where room_id = :roomId")
                        .param("roomId", room.id().value())
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("room_member_last_read_seq_ck");
    }
}
