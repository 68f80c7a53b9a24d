package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessagePersistenceIT extends PersistenceIntegrationTest {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");

    @Test
    void anInsertedMessageLoadsBackUnchanged() {
        Room room = createRoom(alice, bob);

        Message sent = send(room.id(), alice, "hello 👋");

        assertThat(loadMessages.findMessage(room.id(), sent.id())).contains(sent);
        assertThat(loadMessages.findByClientMsgId(room.id(), alice, sent.clientMsgId())).contains(sent);
    }

    @Test
    void membershipRecordsAreStoredWithoutContent() {
        Room room = createRoom(alice, bob);

        List<Message> timeline = loadMessages.findPageBefore(room.id(), Long.MAX_VALUE, 10);

        assertThat(timeline).extracting(Message::type).containsExactly(MessageType.JOIN, MessageType.JOIN);
        assertThat(timeline).extracting(Message::senderId).containsExactly(alice, bob);
        assertThat(timeline).allSatisfy(record -> {
            assertThat(record.content()).isNull();
            assertThat(record.clientMsgId()).isNull();
        });
        assertThat(timeline.getFirst().senderName()).isEqualTo("Owner");
    }

    @Test
    void aMessageIsOnlyFoundInItsOwnRoom() {
        Room room = createRoom(alice);
        Room otherRoom = createRoom(alice);
        Message sent = send(room.id(), alice, "here");

        assertThat(loadMessages.findMessage(otherRoom.id(), sent.id())).isEmpty();
        assertThat(loadMessages.findMessage(room.id(), MessageId.newId())).isEmpty();
        assertThat(loadMessages.findByClientMsgId(otherRoom.id(), alice, sent.clientMsgId())).isEmpty();
    }

    @Test
    void aClientMsgIdIsFoundOnlyForTheSenderWhoUsedIt() {
        Room room = createRoom(alice, bob);
        Message sent = send(room.id(), alice, "mine");

        assertThat(loadMessages.findByClientMsgId(room.id(), bob, sent.clientMsgId())).isEmpty();
    }

    @Test
    void insertingAClientMsgIdTheSenderAlreadyUsedInTheRoomFailsInsideInsertMessage() {
        Room room = createRoom(alice, bob);
        Message original = send(room.id(), alice, "once");

        assertThatThrownBy(() -> inTransaction(() -> {
                    long seq = roomAccess.lockForAppend(room.id(), alice).orElseThrow().lastSeq() + 1;
                    Message retry = textMessage(room.id(), seq, alice, original.clientMsgId(), "twice");
                    assertThatThrownBy(() -> saveMessages.insertMessage(retry))
                            .isInstanceOf(DuplicateClientMsgIdException.class);
                    throw new IllegalStateException("rolled back after the duplicate");
                }))
                .hasMessage("rolled back after the duplicate");
        assertThat(loadMessages.findPageBefore(room.id(), Long.MAX_VALUE, 10))
                .extracting(Message::type)
                .containsOnlyOnce(MessageType.TEXT);
    }

    @Test
    void anotherSenderMayUseTheSameClientMsgId() {
        Room room = createRoom(alice, bob);
        Message fromAlice = send(room.id(), alice, "alice's");

        Message fromBob = inTransaction(() -> {
            long seq = roomAccess.lockForAppend(room.id(), bob).orElseThrow().lastSeq() + 1;
            Message message = textMessage(room.id(), seq, bob, fromAlice.clientMsgId(), "bob's");
            saveMessages.insertMessage(message);
            roomAccess.advanceLastSeq(room.id(), seq);
            return message;
        });

        assertThat(loadMessages.findByClientMsgId(room.id(), bob, fromAlice.clientMsgId())).contains(fromBob);
    }

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

    @Test
    void anEditOverwritesContentEditTimeAndLastEventSeq() {
        Room room = createRoom(alice);
        Message sent = send(room.id(), alice, "draft");

        Message edited = edit(sent, "final");

        Message loaded = loadMessages.findMessage(room.id(), sent.id()).orElseThrow();
        assertThat(loaded).isEqualTo(edited);
        assertThat(loaded.content()).isEqualTo(MessageContent.of("final"));
        assertThat(loaded.editedAt()).isNotNull();
        assertThat(loaded.seq()).isEqualTo(sent.seq());
        assertThat(loaded.lastEventSeq()).isEqualTo(sent.seq() + 1);
    }

    @Test
    void aDeletedMessageBecomesATombstoneThatKeepsItsPlace() {
        Room room = createRoom(alice);
        Message sent = send(room.id(), alice, "oops");

        Message tombstone = delete(sent);

        Message loaded = loadMessages.findMessage(room.id(), sent.id()).orElseThrow();
        assertThat(loaded).isEqualTo(tombstone);
        assertThat(loaded.deleted()).isTrue();
        assertThat(loaded.content()).isNull();
        assertThat(loaded.seq()).isEqualTo(sent.seq());
        assertThat(loaded.clientMsgId()).isEqualTo(sent.clientMsgId());
    }

    @Test
    void historyPagesWalkBackwardsBySeqAndListEachPageOldestFirst() {
        Room room = createRoom(alice);
        IntStream.rangeClosed(1, 5).forEach(i -> send(room.id(), alice, "message " + i));

        assertThat(seqs(loadMessages.findPageBefore(room.id(), Long.MAX_VALUE, 2))).containsExactly(5L, 6L);
        assertThat(seqs(loadMessages.findPageBefore(room.id(), 5, 2))).containsExactly(3L, 4L);
        assertThat(seqs(loadMessages.findPageBefore(room.id(), 3, 2))).containsExactly(1L, 2L);
        assertThat(loadMessages.findPageBefore(room.id(), 1, 2)).isEmpty();
    }

    @Test
    void syncReturnsChangesInsideTheSeqWindowOrderedByLastEventSeqWithTombstones() {
        Room room = createRoom(alice);
        Message m2 = send(room.id(), alice, "two");
        Message m3 = send(room.id(), alice, "three");
        Message m4 = send(room.id(), alice, "four");
        Message m5 = send(room.id(), alice, "five");
        Message edited2 = edit(m2, "two, edited");
        Message deleted3 = delete(m3);

        assertThat(loadMessages.findChangedBetween(room.id(), 3, 6, 10))
                .containsExactly(m4, m5, edited2);
        assertThat(loadMessages.findChangedBetween(room.id(), 6, 7, 10))
                .containsExactly(deleted3);
        assertThat(loadMessages.findChangedBetween(room.id(), 0, 7, 3))
                .extracting(Message::lastEventSeq)
                .containsExactly(1L, 4L, 5L);
        assertThat(loadMessages.findChangedBetween(room.id(), 7, 7, 10)).isEmpty();
    }

    private static Message textMessage(RoomId roomId, long seq, UserId sender, ClientMsgId clientMsgId, String text) {
        return Message.send(MessageId.newId(), roomId, seq, sender, null, clientMsgId, MessageContent.of(text), now())
                .message();
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }
}
