package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.RoomMemberKey;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    /** The inserts and every room's last seq: one statement, one round trip, however many messages and rooms. */
    @Test
    void appendingMessagesToSeveralRoomsIsOneStatementHoweverMany() {
        Room room = createRoom(alice);
        Room otherRoom = createRoom(alice);
        List<Message> batch = new ArrayList<>();
        IntStream.rangeClosed(2, 71).forEach(seq -> batch.add(
                textMessage(room.id(), seq, alice, ClientMsgId.of("c-" + seq), "counted " + seq)));
        batch.add(textMessage(otherRoom.id(), 2, alice, ClientMsgId.of("c-2"), "elsewhere"));

        long statements = transactions.execute(status -> {
            status.setRollbackOnly();
            roomAccess.lockAllForAppend(List.of(
                    new RoomMemberKey(room.id(), alice), new RoomMemberKey(otherRoom.id(), alice)));
            long counted = StatementCounter.count(() -> saveMessages.appendMessages(batch));
            assertThat(roomAccess.loadAccess(room.id(), alice).orElseThrow().lastSeq()).isEqualTo(71);
            assertThat(roomAccess.loadAccess(otherRoom.id(), alice).orElseThrow().lastSeq()).isEqualTo(2);
            return counted;
        });

        assertThat(statements).isOne();
    }

    @Test
    void aBatchBreakingAnotherConstraintIsNotMistakenForADuplicateSend() {
        Room room = createRoom(alice, bob);
        Message taken = send(room.id(), alice, "first");

        assertThatThrownBy(() -> inTransaction(() -> saveMessages.appendMessages(List.of(
                        textMessage(room.id(), taken.seq() + 1, bob, ClientMsgId.of("fresh"), "next"),
                        textMessage(room.id(), taken.seq(), bob, ClientMsgId.of("fresher"), "same seq")))))
                .isNotInstanceOf(DuplicateClientMsgIdException.class)
                .hasStackTraceContaining("message_room_seq_uk");
    }

    @Test
    void lookingUpClientMsgIdsIsOneStatementHoweverMany() {
        Room room = createRoom(alice, bob);
        Message sent = send(room.id(), alice, "hello");
        List<ClientMsgKey> keys = IntStream.range(0, 64)
                .mapToObj(i -> new ClientMsgKey(room.id(), bob, ClientMsgId.of("k-" + i)))
                .collect(Collectors.toCollection(ArrayList::new));
        keys.add(new ClientMsgKey(room.id(), alice, sent.clientMsgId()));

        StatementCounter.Counted<List<Message>> found = inTransaction(
                () -> StatementCounter.count(() -> loadMessagePort().findByClientMsgIds(keys)));

        assertThat(found.statements()).isOne();
        assertThat(found.result()).containsExactly(sent);
    }
}
