package io.chatservice.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MessageTest {

    private static final RoomId ROOM = RoomId.of("room-1");
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final Instant SENT_AT = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant LATER = Instant.parse("2026-01-01T12:05:00Z");
    private static final Instant MUCH_LATER = Instant.parse("2026-01-01T13:00:00Z");
    private static final MessageId ID = MessageId.of("m-1");
    private static final ClientMsgId CLIENT_MSG_ID = ClientMsgId.of("c-1");

    private static Message sentByAlice(long seq) {
        return Message.send(ID, ROOM, seq, ALICE, "Alice", CLIENT_MSG_ID, MessageContent.of("hello"), SENT_AT)
                .message();
    }

    @Nested
    class Sending {

        @Test
        void sendCreatesTextMessageAtTheEventsSeq() {
            MessageSent sent =
                    Message.send(ID, ROOM, 5, ALICE, "Alice", CLIENT_MSG_ID, MessageContent.of("hello"), SENT_AT);
            Message message = sent.message();

            assertThat(message.id()).isEqualTo(ID);
            assertThat(message.roomId()).isEqualTo(ROOM);
            assertThat(message.seq()).isEqualTo(5);
            assertThat(message.lastEventSeq()).isEqualTo(5);
            assertThat(message.senderId()).isEqualTo(ALICE);
            assertThat(message.senderName()).isEqualTo("Alice");
            assertThat(message.clientMsgId()).isEqualTo(CLIENT_MSG_ID);
            assertThat(message.type()).isEqualTo(MessageType.TEXT);
            assertThat(message.content()).isEqualTo(MessageContent.of("hello"));
            assertThat(message.createdAt()).isEqualTo(SENT_AT);
            assertThat(message.editedAt()).isNull();
            assertThat(message.deletedAt()).isNull();
            assertThat(message.deleted()).isFalse();
            assertThat(message.sentBy(ALICE)).isTrue();
            assertThat(message.sentBy(BOB)).isFalse();
        }

        @Test
        void sentEventCarriesRoomSeqAndTimeOfTheMessage() {
            MessageSent sent =
                    Message.send(ID, ROOM, 5, ALICE, null, CLIENT_MSG_ID, MessageContent.of("hello"), SENT_AT);

            assertThat(sent.roomId()).isEqualTo(ROOM);
            assertThat(sent.seq()).isEqualTo(5);
            assertThat(sent.occurredAt()).isEqualTo(SENT_AT);
        }

        @Test
        void senderNameIsStrippedAndBlankNameBecomesNull() {
            Message named = Message.send(
                            ID, ROOM, 1, ALICE, "  Alice  ", CLIENT_MSG_ID, MessageContent.of("x"), SENT_AT)
                    .message();
            Message blank = Message.send(ID, ROOM, 1, ALICE, "   ", CLIENT_MSG_ID, MessageContent.of("x"), SENT_AT)
                    .message();

            assertThat(named.senderName()).isEqualTo("Alice");
            assertThat(blank.senderName()).isNull();
        }

        @Test
        void senderNameOfMoreThan128CharactersIsRejected() {
            assertThat(Message.send(
                            ID, ROOM, 1, ALICE, "n".repeat(128), CLIENT_MSG_ID, MessageContent.of("x"), SENT_AT)
                    .message()
                    .senderName())
                    .hasSize(128);
            assertThatThrownBy(() -> Message.send(
                            ID, ROOM, 1, ALICE, "n".repeat(129), CLIENT_MSG_ID, MessageContent.of("x"), SENT_AT))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Nested
    class Editing {

        @Test
        void editByAuthorReplacesContentAndMovesLastEventSeq() {
            Message original = sentByAlice(5);

            MessageEdited edited = original.editBy(ALICE, MessageContent.of("hello, edited"), 9, LATER);
            Message message = edited.message();

            assertThat(message.content()).isEqualTo(MessageContent.of("hello, edited"));
            assertThat(message.editedAt()).isEqualTo(LATER);
            assertThat(message.lastEventSeq()).isEqualTo(9);
            assertThat(message.seq()).isEqualTo(5);
            assertThat(message.id()).isEqualTo(ID);
            assertThat(message.createdAt()).isEqualTo(SENT_AT);
            assertThat(message.clientMsgId()).isEqualTo(CLIENT_MSG_ID);
            assertThat(message.senderName()).isEqualTo("Alice");
            assertThat(edited.seq()).isEqualTo(9);
            assertThat(edited.occurredAt()).isEqualTo(LATER);
        }

        @Test
        void editLeavesTheOriginalUntouched() {
            Message original = sentByAlice(5);

            original.editBy(ALICE, MessageContent.of("changed"), 6, LATER);

            assertThat(original.content()).isEqualTo(MessageContent.of("hello"));
            assertThat(original.lastEventSeq()).isEqualTo(5);
        }

        @Test
        void editByNonAuthorIsRejected() {
            Message original = sentByAlice(5);

            assertThatThrownBy(() -> original.editBy(BOB, MessageContent.of("mine now"), 6, LATER))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void editAfterDeleteIsRejected() {
            Message tombstone = sentByAlice(5).deleteBy(ALICE, false, 6, LATER).message();

            assertThatThrownBy(() -> tombstone.editBy(ALICE, MessageContent.of("undo"), 7, MUCH_LATER))
                    .isInstanceOf(ConflictException.class);
        }

        @Test
        void editOfMembershipRecordIsRejected() {
            Message join = Message.memberJoined(ROOM, 1, ALICE, "Alice", SENT_AT).message();
            Message leave = Message.memberLeft(ROOM, 2, ALICE, null, null, LATER).message();

            assertThatThrownBy(() -> join.editBy(ALICE, MessageContent.of("x"), 3, LATER))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> leave.editBy(ALICE, MessageContent.of("x"), 3, LATER))
                    .isInstanceOf(ConflictException.class);
        }

        @Test
        void editWithAnEventSeqNotAfterTheLastChangeIsRejected() {
            Message edited = sentByAlice(5).editBy(ALICE, MessageContent.of("one"), 8, LATER).message();

            assertThatThrownBy(() -> edited.editBy(ALICE, MessageContent.of("two"), 8, MUCH_LATER))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> edited.editBy(ALICE, MessageContent.of("two"), 7, MUCH_LATER))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void lastEventSeqMovesForwardWithEveryChange() {
            Message first = sentByAlice(2).editBy(ALICE, MessageContent.of("one"), 4, LATER).message();
            Message second = first.editBy(ALICE, MessageContent.of("two"), 7, LATER).message();
            Message tombstone = second.deleteBy(ALICE, false, 11, MUCH_LATER).message();

            assertThat(first.lastEventSeq()).isEqualTo(4);
            assertThat(second.lastEventSeq()).isEqualTo(7);
            assertThat(tombstone.lastEventSeq()).isEqualTo(11);
            assertThat(tombstone.seq()).isEqualTo(2);
        }
    }

    @Nested
    class Deleting {

        @Test
        void deleteByAuthorLeavesTombstoneKeepingIdSeqAndSender() {
            Message original = sentByAlice(5);

            MessageDeleted deleted = original.deleteBy(ALICE, false, 6, LATER);

            assertThat(deleted).isNotNull();
            Message tombstone = deleted.message();
            assertThat(tombstone.id()).isEqualTo(ID);
            assertThat(tombstone.seq()).isEqualTo(5);
            assertThat(tombstone.senderId()).isEqualTo(ALICE);
            assertThat(tombstone.senderName()).isEqualTo("Alice");
            assertThat(tombstone.roomId()).isEqualTo(ROOM);
            assertThat(tombstone.type()).isEqualTo(MessageType.TEXT);
            assertThat(tombstone.createdAt()).isEqualTo(SENT_AT);
            assertThat(tombstone.content()).isNull();
            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.deletedAt()).isEqualTo(LATER);
            assertThat(tombstone.lastEventSeq()).isEqualTo(6);
            assertThat(deleted.seq()).isEqualTo(6);
            assertThat(deleted.occurredAt()).isEqualTo(LATER);
        }

        @Test
        void deleteByRoomOwnerWhoIsNotTheAuthorIsAllowed() {
            MessageDeleted deleted = sentByAlice(5).deleteBy(BOB, true, 6, LATER);

            assertThat(deleted).isNotNull();
            assertThat(deleted.message().deleted()).isTrue();
            assertThat(deleted.message().senderId()).isEqualTo(ALICE);
        }

        @Test
        void deleteByMemberWhoIsNeitherAuthorNorOwnerIsRejected() {
            Message original = sentByAlice(5);

            assertThatThrownBy(() -> original.deleteBy(BOB, false, 6, LATER))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void secondDeleteIsIdempotentAndReturnsNoEvent() {
            Message tombstone = sentByAlice(5).deleteBy(ALICE, false, 6, LATER).message();

            assertThat(tombstone.deleteBy(ALICE, false, 7, MUCH_LATER)).isNull();
            assertThat(tombstone.deleteBy(BOB, true, 7, MUCH_LATER)).isNull();
        }

        @Test
        void secondDeleteBySomeoneWithoutRightsIsStillRejected() {
            Message tombstone = sentByAlice(5).deleteBy(ALICE, false, 6, LATER).message();

            assertThatThrownBy(() -> tombstone.deleteBy(BOB, false, 7, MUCH_LATER))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void tombstoneOfAnEditedMessageKeepsWhenItWasEdited() {
            Message edited = sentByAlice(5).editBy(ALICE, MessageContent.of("edited"), 6, LATER).message();

            Message tombstone = edited.deleteBy(ALICE, false, 7, MUCH_LATER).message();

            assertThat(tombstone.editedAt()).isEqualTo(LATER);
            assertThat(tombstone.content()).isNull();
        }

        @Test
        void deleteOfMembershipRecordIsRejected() {
            Message join = Message.memberJoined(ROOM, 1, ALICE, "Alice", SENT_AT).message();

            assertThatThrownBy(() -> join.deleteBy(ALICE, true, 2, LATER)).isInstanceOf(ConflictException.class);
        }

        @Test
        void deleteWithAnEventSeqNotAfterTheLastChangeIsRejected() {
            Message original = sentByAlice(5);

            assertThatThrownBy(() -> original.deleteBy(ALICE, false, 5, LATER))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class MembershipRecords {

        @Test
        void joinRecordNamesTheMemberAndHasNoContent() {
            MemberJoined joined = Message.memberJoined(ROOM, 3, BOB, "Bob", SENT_AT);
            Message record = joined.message();

            assertThat(record.type()).isEqualTo(MessageType.JOIN);
            assertThat(record.senderId()).isEqualTo(BOB);
            assertThat(record.senderName()).isEqualTo("Bob");
            assertThat(record.content()).isNull();
            assertThat(record.clientMsgId()).isNull();
            assertThat(record.seq()).isEqualTo(3);
            assertThat(record.lastEventSeq()).isEqualTo(3);
            assertThat(joined.member()).isEqualTo(BOB);
            assertThat(joined.seq()).isEqualTo(3);
            assertThat(joined.occurredAt()).isEqualTo(SENT_AT);
        }

        @Test
        void leaveRecordTellsWhoRemovedTheMemberAndWhoBecameOwner() {
            MemberLeft left = Message.memberLeft(ROOM, 4, BOB, ALICE, null, LATER);
            MemberLeft handedOver = Message.memberLeft(ROOM, 5, ALICE, null, BOB, LATER);

            assertThat(left.message().type()).isEqualTo(MessageType.LEAVE);
            assertThat(left.member()).isEqualTo(BOB);
            assertThat(left.removedBy()).isEqualTo(ALICE);
            assertThat(left.newOwner()).isNull();
            assertThat(left.occurredAt()).isEqualTo(LATER);
            assertThat(handedOver.removedBy()).isNull();
            assertThat(handedOver.newOwner()).isEqualTo(BOB);
        }

        @Test
        void eachMembershipRecordGetsItsOwnId() {
            Message first = Message.memberJoined(ROOM, 1, BOB, null, SENT_AT).message();
            Message second = Message.memberJoined(ROOM, 2, BOB, null, SENT_AT).message();

            assertThat(first.id()).isNotEqualTo(second.id());
        }

        @Test
        void eventsRefuseMessagesOfTheWrongType() {
            Message text = sentByAlice(1);
            Message join = Message.memberJoined(ROOM, 2, BOB, null, SENT_AT).message();

            assertThatThrownBy(() -> new MemberJoined(text)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new MemberLeft(join, null, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new MessageDeleted(text)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new MessageEdited(text)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Invariants {

        private final MessageContent content = MessageContent.of("hi");

        @Test
        void seqMustBePositive() {
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 0, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, content, SENT_AT, null, null,
                            0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void lastEventSeqCannotBeBeforeSeq() {
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 5, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, content, SENT_AT, null, null,
                            4))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void textMessageNeedsAClientMsgId() {
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, null, MessageType.TEXT, content, SENT_AT, null, null, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void textMessageHasContentExactlyWhileNotDeleted() {
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, null, SENT_AT, null, null, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, content, SENT_AT, null, LATER,
                            2))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void membershipRecordsHaveNoContentAndNeverChange() {
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, null, MessageType.JOIN, content, SENT_AT, null, null, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, null, MessageType.JOIN, null, SENT_AT, LATER, null, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, null, MessageType.LEAVE, null, SENT_AT, null, LATER, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void requiredFieldsMustBePresent() {
            assertThatThrownBy(() -> new Message(
                            null, ROOM, 1, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, content, SENT_AT, null, null,
                            1))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Message(
                            ID, null, 1, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, content, SENT_AT, null, null,
                            1))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, null, null, CLIENT_MSG_ID, MessageType.TEXT, content, SENT_AT, null, null,
                            1))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, CLIENT_MSG_ID, null, content, SENT_AT, null, null, 1))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Message(
                            ID, ROOM, 1, ALICE, null, CLIENT_MSG_ID, MessageType.TEXT, content, null, null, null, 1))
                    .isInstanceOf(NullPointerException.class);
        }

        @Test
        void storedTombstoneCanBeRebuilt() {
            Message tombstone = new Message(
                    ID, ROOM, 3, ALICE, "Alice", CLIENT_MSG_ID, MessageType.TEXT, null, SENT_AT, null, LATER, 9);

            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.lastEventSeq()).isEqualTo(9);
        }
    }
}
