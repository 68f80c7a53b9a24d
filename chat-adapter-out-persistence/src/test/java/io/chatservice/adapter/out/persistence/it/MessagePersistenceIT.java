package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class MessagePersistenceIT extends PersistenceIntegrationTest {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");

    @Test
    void otherConstraintViolationsAreNotMistakenForDuplicateSends() {
        Room room = createRoom(alice, bob);
        Message taken = send(room.id(), alice, "first");

        assertThatThrownBy(() -> inTransaction(() -> saveMessages.insertMessage(
                        textMessage(room.id(), taken.seq(), bob, ClientMsgId.of("fresh"), "same seq"))))
                .isNotInstanceOf(DuplicateClientMsgIdException.class)
                .hasStackTraceContaining("message_room_seq_uk");
    }

    @Test
    void insertingAMessageIsOneStatement() {
        Room room = createRoom(alice);

        long statements = transactions.execute(status -> {
            status.setRollbackOnly();
            return StatementCounter.count(() -> saveMessages.insertMessage(
                    textMessage(room.id(), 2, alice, ClientMsgId.of("c-1"), "counted")));
        });

        assertThat(statements).isOne();
    }
}
