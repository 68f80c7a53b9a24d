package io.chatservice.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.out.ClientMsgKey;
import io.chatservice.application.port.out.DuplicateClientMsgIdException;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadMessagePort} and {@link SaveMessagePort}: messages round trip unchanged; every lookup is scoped to
 * its room; the (room, sender, clientMsgId) triple is unique and a second insert of it fails with
 * {@link DuplicateClientMsgIdException}; edits and deletes overwrite the message in place; history pages are a
 * keyset on seq and sync windows a keyset on lastEventSeq. Batch writes and reads (a group commit of sends)
 * behave like the single ones, all or nothing.
 */
public abstract class MessageStoreContract extends PortContract {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");

    @Test
    void anInsertedMessageLoadsBackUnchangedByIdAndByClientMsgId() {
        Room room = createRoom(alice, bob);

        Message sent = send(room.id(), alice, "hello 👋, wörld");

        assertThat(read(() -> loadMessagePort().findMessage(room.id(), sent.id()))).contains(sent);
        assertThat(read(() -> loadMessagePort().findByClientMsgId(room.id(), alice, sent.clientMsgId())))
                .contains(sent);
    }

    @Test
    void aMessageOfTheGreatestLengthOutsideTheBasicPlaneLoadsBackUnchanged() {
        Room room = createRoom(alice);

        Message sent = send(room.id(), alice, "😀".repeat(MessageContent.MAX_CODE_POINTS));

        assertThat(read(() -> loadMessagePort().findMessage(room.id(), sent.id()))).contains(sent);
    }

    @Test
    void membershipRecordsLoadBackWithoutContentOrClientMsgId() {
        Room room = newRoom("records", Visibility.PUBLIC, alice, bob);
        List<RoomEvent> joins = inTransaction(() -> saveWithRecords(room));

        List<Message> timeline = read(() -> loadMessagePort().findPageBefore(room.id(), Long.MAX_VALUE, 10));

        assertThat(timeline).containsExactlyElementsOf(joins.stream().map(RoomEvent::message).toList());
        assertThat(timeline).extracting(Message::type).containsOnly(MessageType.JOIN);
        assertThat(timeline).allSatisfy(record -> {
            assertThat(record.content()).isNull();
            assertThat(record.clientMsgId()).isNull();
        });
        assertThat(timeline.getFirst().senderName()).isEqualTo("Owner");
    }

    @Test
    void aMessageIsFoundOnlyInItsOwnRoom() {
        Room room = createRoom(alice);
        Room otherRoom = createRoom(alice);
        Message sent = send(room.id(), alice, "here");

        assertThat(read(() -> loadMessagePort().findMessage(otherRoom.id(), sent.id()))).isEmpty();
        assertThat(read(() -> loadMessagePort().findMessage(room.id(), MessageId.newId()))).isEmpty();
        assertThat(read(() -> loadMessagePort().findByClientMsgId(otherRoom.id(), alice, sent.clientMsgId())))
                .isEmpty();
    }

    @Test
    void aClientMsgIdIsFoundOnlyForTheSenderWhoUsedIt() {
        Room room = createRoom(alice, bob);
        Message sent = send(room.id(), alice, "mine");

        assertThat(read(() -> loadMessagePort().findByClientMsgId(room.id(), bob, sent.clientMsgId()))).isEmpty();
        assertThat(read(() -> loadMessagePort().findByClientMsgId(room.id(), alice, ClientMsgId.of("unused"))))
                .isEmpty();
    }

    @Test
    void insertingAClientMsgIdTheSenderAlreadyUsedInTheRoomIsADuplicate() {
        Room room = createRoom(alice, bob);
        Message original = send(room.id(), alice, "once");

        assertThatThrownBy(() -> inTransaction(() -> {
                    long seq = roomAccessPort().lockForAppend(room.id(), alice).orElseThrow().lastSeq() + 1;
                    Message retry = textMessage(room.id(), seq, alice, original.clientMsgId(), "twice");
                    assertThatThrownBy(() -> saveMessagePort().insertMessage(retry))
                            .isInstanceOf(DuplicateClientMsgIdException.class);
                    // PostgreSQL has aborted the transaction; the caller can only roll it back.
                    throw new IllegalStateException("roll back after the duplicate");
                }))
                .hasMessage("roll back after the duplicate");

        assertThat(read(() -> loadMessagePort().findPageBefore(room.id(), Long.MAX_VALUE, 10)))
                .filteredOn(message -> message.type() == MessageType.TEXT)
                .containsExactly(original);
    }

    @Test
    void theSameClientMsgIdIsNoDuplicateFromAnotherSenderOrInAnotherRoom() {
        Room room = createRoom(alice, bob);
        Room otherRoom = createRoom(alice);
        ClientMsgId clientMsgId = ClientMsgId.of("c-1");
        Message fromAlice = send(room.id(), alice, clientMsgId, "alice's");

        Message fromBob = send(room.id(), bob, clientMsgId, "bob's");
        Message elsewhere = send(otherRoom.id(), alice, clientMsgId, "alice's, elsewhere");

        assertThat(read(() -> loadMessagePort().findByClientMsgId(room.id(), alice, clientMsgId))).contains(fromAlice);
        assertThat(read(() -> loadMessagePort().findByClientMsgId(room.id(), bob, clientMsgId))).contains(fromBob);
        assertThat(read(() -> loadMessagePort().findByClientMsgId(otherRoom.id(), alice, clientMsgId)))
                .contains(elsewhere);
    }

    @Test
    void anEditOverwritesContentEditTimeAndLastEventSeqAndKeepsThePlace() {
        Room room = createRoom(alice);
        Message sent = send(room.id(), alice, "draft");

        Message edited = edit(sent, "final");

        Message loaded = read(() -> loadMessagePort().findMessage(room.id(), sent.id())).orElseThrow();
        assertThat(loaded).isEqualTo(edited);
        assertThat(loaded.content()).isEqualTo(MessageContent.of("final"));
        assertThat(loaded.editedAt()).isNotNull();
        assertThat(loaded.seq()).isEqualTo(sent.seq());
        assertThat(loaded.lastEventSeq()).isEqualTo(sent.seq() + 1);
    }

    @Test
    void aDeletedMessageBecomesATombstoneThatKeepsItsPlaceAuthorAndClientMsgId() {
        Room room = createRoom(alice);
        Message sent = send(room.id(), alice, "oops");
        Message edited = edit(sent, "oops, edited");

        Message tombstone = delete(edited);

        Message loaded = read(() -> loadMessagePort().findMessage(room.id(), sent.id())).orElseThrow();
        assertThat(loaded).isEqualTo(tombstone);
        assertThat(loaded.deleted()).isTrue();
        assertThat(loaded.content()).isNull();
        assertThat(loaded.editedAt()).isEqualTo(edited.editedAt());
        assertThat(loaded.seq()).isEqualTo(sent.seq());
        assertThat(loaded.lastEventSeq()).isEqualTo(sent.seq() + 2);
        assertThat(read(() -> loadMessagePort().findByClientMsgId(room.id(), alice, sent.clientMsgId())))
                .contains(tombstone);
    }

    @Test
    void historyPagesAreTheNewestMessagesBeforeTheCursorListedOldestFirst() {
        Room room = createRoom(alice);
        List<Message> sent = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            sent.add(send(room.id(), alice, "message " + i));
        }
        Message tombstone = delete(sent.get(2));
        Room otherRoom = createRoom(alice);
        send(otherRoom.id(), alice, "elsewhere");

        assertThat(page(room.id(), Long.MAX_VALUE, 3)).containsExactly(tombstone, sent.get(3), sent.get(4));
        assertThat(seqs(page(room.id(), 7, 2))).containsExactly(5L, 6L);
        assertThat(seqs(page(room.id(), 5, 2))).containsExactly(3L, 4L);
        assertThat(seqs(page(room.id(), 3, 2))).containsExactly(1L, 2L);
        assertThat(seqs(page(room.id(), 4, 10))).containsExactly(1L, 2L, 3L);
        assertThat(page(room.id(), 1, 10)).isEmpty();
    }

    @Test
    void syncReturnsTheChangesWithinTheWindowOrderedByLastEventSeqIncludingTombstones() {
        Room room = createRoom(alice);
        Message m2 = send(room.id(), alice, "two");
        Message m3 = send(room.id(), alice, "three");
        Message m4 = send(room.id(), alice, "four");
        Message m5 = send(room.id(), alice, "five");
        Message edited2 = edit(m2, "two, edited");
        Message deleted3 = delete(m3);
        Room otherRoom = createRoom(alice);
        send(otherRoom.id(), alice, "elsewhere");

        assertThat(changed(room.id(), 3, 6, 10)).containsExactly(m4, m5, edited2);
        assertThat(changed(room.id(), 6, 7, 10)).containsExactly(deleted3);
        assertThat(changed(room.id(), 0, 7, 3)).extracting(Message::lastEventSeq).containsExactly(1L, 4L, 5L);
        assertThat(changed(room.id(), 7, 7, 10)).isEmpty();
        assertThat(changed(room.id(), 7, Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void aMessageChangedAfterTheWindowIsNotInIt() {
        Room room = createRoom(alice);
        Message sent = send(room.id(), alice, "soon edited");
        edit(sent, "edited at seq 3");

        assertThat(changed(room.id(), 0, 2, 10)).extracting(Message::lastEventSeq).containsExactly(1L);
        assertThat(changed(room.id(), 1, 3, 10)).extracting(Message::id).containsExactly(sent.id());
    }

    private List<Message> page(RoomId roomId, long beforeSeq, int limit) {
        return read(() -> loadMessagePort().findPageBefore(roomId, beforeSeq, limit));
    }

    private List<Message> changed(RoomId roomId, long afterSeq, long upToSeq, int limit) {
        return read(() -> loadMessagePort().findChangedBetween(roomId, afterSeq, upToSeq, limit));
    }

    @Test
    void messagesAppendedTogetherLoadBackUnchangedAndMoveTheirRoomsLastSeq() {
        Room room = createRoom(alice, bob);
        Room otherRoom = createRoom(bob);

        List<Message> inserted = inTransaction(() -> {
            roomAccessPort().lockForAppend(room.id(), alice);
            roomAccessPort().lockForAppend(otherRoom.id(), bob);
            List<Message> batch = List.of(
                    textMessage(room.id(), 3, alice, ClientMsgId.of("a-1"), "first"),
                    textMessage(otherRoom.id(), 2, bob, ClientMsgId.of("b-1"), "elsewhere"),
                    textMessage(room.id(), 4, bob, ClientMsgId.of("b-1"), "second"));
            saveMessagePort().appendMessages(batch);
            return batch;
        });

        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().lastSeq()).isEqualTo(4);
        assertThat(read(() -> roomAccessPort().loadAccess(otherRoom.id(), bob)).orElseThrow().lastSeq()).isEqualTo(2);

        assertThat(read(() -> loadMessagePort().findPageBefore(room.id(), Long.MAX_VALUE, 10)))
                .filteredOn(message -> message.type() == MessageType.TEXT)
                .containsExactly(inserted.get(0), inserted.get(2));
        assertThat(read(() -> loadMessagePort().findMessage(otherRoom.id(), inserted.get(1).id())))
                .contains(inserted.get(1));
    }

    @Test
    void aBatchThatRepeatsAStoredClientMsgIdIsADuplicateAndStoresNoneOfIt() {
        Room room = createRoom(alice, bob);
        Message original = send(room.id(), alice, "once");

        assertThatThrownBy(() -> inTransaction(() -> {
                    roomAccessPort().lockForAppend(room.id(), alice);
                    List<Message> batch = List.of(
                            textMessage(room.id(), 4, bob, ClientMsgId.of("fresh"), "innocent neighbour"),
                            textMessage(room.id(), 5, alice, original.clientMsgId(), "twice"));
                    assertThatThrownBy(() -> saveMessagePort().appendMessages(batch))
                            .isInstanceOf(DuplicateClientMsgIdException.class);
                    throw new IllegalStateException("roll back after the duplicate");
                }))
                .hasMessage("roll back after the duplicate");

        assertThat(read(() -> loadMessagePort().findPageBefore(room.id(), Long.MAX_VALUE, 10)))
                .filteredOn(message -> message.type() == MessageType.TEXT)
                .containsExactly(original);
    }

    @Test
    void aBatchBehindItsRoomsLastSeqIsRefusedAndStoresNothing() {
        Room room = createRoom(alice);
        Room otherRoom = createRoom(bob);
        long roomSeq = read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().lastSeq();

        assertThatThrownBy(() -> inTransaction(() -> {
                    roomAccessPort().lockForAppend(room.id(), alice);
                    roomAccessPort().lockForAppend(otherRoom.id(), bob);
                    // Another event took seqs past the ones this batch was built with.
                    roomAccessPort().advanceLastSeq(room.id(), roomSeq + 5);
                    saveMessagePort().appendMessages(List.of(
                            textMessage(otherRoom.id(), 2, bob, ClientMsgId.of("b-1"), "fine on its own"),
                            textMessage(room.id(), roomSeq + 1, alice, ClientMsgId.of("a-1"), "behind")));
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(room.id().toString());

        assertThat(read(() -> loadMessagePort().findPageBefore(otherRoom.id(), Long.MAX_VALUE, 10)))
                .noneMatch(message -> message.type() == MessageType.TEXT);
        assertThat(read(() -> loadMessagePort().findPageBefore(room.id(), Long.MAX_VALUE, 10)))
                .noneMatch(message -> message.type() == MessageType.TEXT);
        assertThat(read(() -> roomAccessPort().loadAccess(room.id(), alice)).orElseThrow().lastSeq())
                .isEqualTo(roomSeq);
    }

    @Test
    void clientMsgIdsAreLookedUpTogetherAndOnlyExactMatchesAreFound() {
        Room room = createRoom(alice, bob);
        Room otherRoom = createRoom(alice);
        Message fromAlice = send(room.id(), alice, ClientMsgId.of("c-1"), "alice's");
        Message fromBob = send(room.id(), bob, ClientMsgId.of("c-2"), "bob's");
        Message elsewhere = send(otherRoom.id(), alice, ClientMsgId.of("c-2"), "alice's, elsewhere");

        List<Message> found = read(() -> loadMessagePort().findByClientMsgIds(List.of(
                new ClientMsgKey(room.id(), alice, ClientMsgId.of("c-1")),
                new ClientMsgKey(room.id(), bob, ClientMsgId.of("c-2")),
                new ClientMsgKey(otherRoom.id(), alice, ClientMsgId.of("c-2")),
                // Each of these matches a stored message in two of its three parts only.
                new ClientMsgKey(room.id(), alice, ClientMsgId.of("c-2")),
                new ClientMsgKey(otherRoom.id(), bob, ClientMsgId.of("c-2")),
                new ClientMsgKey(otherRoom.id(), alice, ClientMsgId.of("c-1")))));

        assertThat(found).containsExactlyInAnyOrder(fromAlice, fromBob, elsewhere);
        assertThat(read(() -> loadMessagePort().findByClientMsgIds(List.of()))).isEmpty();
        // A batch may repeat a key (a client's retry queued behind its first try): each message once.
        ClientMsgKey alicesKey = new ClientMsgKey(room.id(), alice, ClientMsgId.of("c-1"));
        assertThat(read(() -> loadMessagePort().findByClientMsgIds(List.of(alicesKey, alicesKey))))
                .containsExactly(fromAlice);
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }
}
