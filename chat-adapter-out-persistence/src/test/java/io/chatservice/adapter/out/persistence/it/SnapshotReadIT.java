package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.UserId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link TransactionPort#readOnly}: one snapshot per read, without changing the pooled connection's defaults. */
class SnapshotReadIT extends PersistenceIntegrationTest {

    @Autowired
    private TransactionPort transactionPort;

    private final UserId alice = newUser("alice");

    @Test
    void aReadOnlyTransactionIsARepeatableReadSnapshot() throws Exception {
        Room room = createRoom(alice);

        long[] seen = transactionPort.readOnly(() -> {
            long before = lastSeq(room);
            // Another transaction commits a change meanwhile; this read keeps seeing its own snapshot.
            join(CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status ->
                    jdbc.sql("update room set last_seq = last_seq + 5 where id = :id").param("id", room.id().value())
                            .update())));
            return new long[] {before, lastSeq(room)};
        });

        assertThat(seen[1]).isEqualTo(seen[0]);
        assertThat(transactionPort.readOnly(() -> lastSeq(room))).isEqualTo(seen[0] + 5);
        assertThat(transactionPort.readOnly(() -> setting("transaction_isolation"))).isEqualTo("repeatable read");
        assertThat(transactionPort.readOnly(() -> setting("transaction_read_only"))).isEqualTo("on");
    }

    @Test
    void writesAfterAReadStayReadCommitted() {
        // The pool hands a connection that has just served a read to the next write: the read must leave the
        // session's default level as it found it.
        for (int i = 0; i < 50; i++) {
            transactionPort.readOnly(() -> setting("transaction_isolation"));
            assertThat(transactionPort.inTransaction(() -> setting("transaction_isolation")))
                    .isEqualTo("read committed");
        }
    }

    @Test
    void aReadInsideAWriteJoinsIt() {
        assertThat(transactionPort.inTransaction(() -> {
            setting("transaction_isolation"); // the write has already run a statement
            return transactionPort.readOnly(() -> setting("transaction_isolation"));
        })).isEqualTo("read committed");
    }

    private long lastSeq(Room room) {
        return jdbc.sql("select last_seq from room where id = :id").param("id", room.id().value())
                .query(Long.class).single();
    }

    private String setting(String name) {
        return jdbc.sql("select current_setting(:name)").param("name", name).query(String.class).single();
    }

    private static void join(CompletableFuture<Void> done) {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
