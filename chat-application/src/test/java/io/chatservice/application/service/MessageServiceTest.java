package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static io.chatservice.application.service.ChatScenario.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.EditMessageCommand;
import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.SendMessageCommand;
import io.chatservice.application.port.in.SendResult;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.application.testing.MutableClock;
import io.chatservice.domain.message.ClientMsgId;
import io.chatservice.domain.message.MemberJoined;
import io.chatservice.domain.message.MemberLeft;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageContent;
import io.chatservice.domain.message.MessageDeleted;
import io.chatservice.domain.message.MessageEdited;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageSent;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.message.RoomEvent;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MessageServiceTest {

    private static final Instant START = MutableClock.DEFAULT_START;

    private final ChatScenario scenario = new ChatScenario();
    private final ChatServices chat = scenario.chat;
    private RoomId roomId;

    @BeforeEach
    void aliceOwnsARoomWithBob() {
        roomId = scenario.createRoom(ALICE, Visibility.PUBLIC, BOB);
        chat.events().clear();
    }

    private void assertFailsWithoutTrace(ThrowingCallable action, Class<? extends Throwable> expected) {
        long lastSeqBefore = scenario.lastSeq(roomId);
        List<Message> messagesBefore = chat.store().messagesIn(roomId);
        List<RoomEvent> eventsBefore = scenario.published();

        assertThatThrownBy(action).isInstanceOf(expected);

        assertThat(scenario.lastSeq(roomId)).isEqualTo(lastSeqBefore);
        assertThat(chat.store().messagesIn(roomId)).isEqualTo(messagesBefore);
        assertThat(scenario.published()).isEqualTo(eventsBefore);
    }

    @Nested
    class Sending {

        @Test
        void sentMessageTakesTheNextSeqAndIsPublishedOnce() {
            SendResult result = scenario.sendWith(ALICE, roomId, "c-1", "  hello  ");

            Message message = result.message();
            assertThat(result.duplicate()).isFalse();
            assertThat(message.seq()).isEqualTo(3);
            assertThat(message.lastEventSeq()).isEqualTo(3);
            assertThat(message.roomId()).isEqualTo(roomId);
            assertThat(message.senderId()).isEqualTo(ALICE.id());
            assertThat(message.senderName()).isEqualTo("Alice");
            assertThat(message.clientMsgId()).isEqualTo(ClientMsgId.of("c-1"));
            assertThat(message.type()).isEqualTo(MessageType.TEXT);
            assertThat(message.content()).isEqualTo(MessageContent.of("hello"));
            assertThat(message.createdAt()).isEqualTo(START);
            assertThat(scenario.lastSeq(roomId)).isEqualTo(3);
            assertThat(chat.store().findMessage(roomId, message.id())).contains(message);
            assertThat(scenario.published()).containsExactly(new MessageSent(message));
        }

        @Test
        void callerWithoutDisplayNameSendsWithoutSenderName() {
            scenario.join(CAROL, roomId);

            assertThat(scenario.send(CAROL, roomId, "hi").senderName()).isNull();
        }

        @Test
        void resendingTheSameClientMsgIdReturnsTheOriginalAsDuplicate() {
            Message original = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();
            chat.clock().advance(Duration.ofSeconds(30));

            SendResult retry = scenario.sendWith(ALICE, roomId, "c-1", "hello, but different");

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.message()).isEqualTo(original);
            assertThat(chat.store().messagesIn(roomId)).filteredOn(m -> m.type() == MessageType.TEXT).hasSize(1);
            assertThat(scenario.lastSeq(roomId)).isEqualTo(3);
            assertThat(scenario.published()).hasSize(1);
        }

        @Test
        void resendingAfterAnEditReturnsTheMessageAsItIsNow() {
            Message original = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();
            Message edited = scenario.edit(ALICE, roomId, original, "hello again");

            SendResult retry = scenario.sendWith(ALICE, roomId, "c-1", "hello");

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.message()).isEqualTo(edited);
        }

        @Test
        void sameClientMsgIdFromAnotherSenderIsANewMessage() {
            Message fromAlice = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();

            SendResult fromBob = scenario.sendWith(BOB, roomId, "c-1", "hello");

            assertThat(fromBob.duplicate()).isFalse();
            assertThat(fromBob.message().id()).isNotEqualTo(fromAlice.id());
            assertThat(fromBob.message().seq()).isEqualTo(4);
        }

        @Test
        void sameClientMsgIdInAnotherRoomIsANewMessage() {
            RoomId otherRoom = scenario.createRoom(ALICE, Visibility.PRIVATE);
            scenario.sendWith(ALICE, roomId, "c-1", "hello");

            SendResult elsewhere = scenario.sendWith(ALICE, otherRoom, "c-1", "hello");

            assertThat(elsewhere.duplicate()).isFalse();
            assertThat(elsewhere.message().roomId()).isEqualTo(otherRoom);
            assertThat(elsewhere.message().seq()).isEqualTo(2);
        }

        @Test
        void sendByNonMemberIsForbiddenAndSavesNothing() {
            assertFailsWithoutTrace(() -> scenario.send(DAVE, roomId, "let me in"), PermissionDeniedException.class);
        }

        @Test
        void sendAfterLeavingIsForbidden() {
            scenario.remove(BOB, roomId, BOB);

            assertFailsWithoutTrace(() -> scenario.send(BOB, roomId, "still here?"), PermissionDeniedException.class);
        }

        @Test
        void sendToUnknownRoomIsNotFound() {
            assertThatThrownBy(() -> scenario.send(ALICE, RoomId.of("no-such-room"), "hello"))
                    .isInstanceOf(NotFoundException.class);
            assertThat(scenario.published()).isEmpty();
        }

        @Test
        void onlyTextMessagesCanBeSent() {
            assertThatThrownBy(() -> new SendMessageCommand(
                            ALICE, roomId, ClientMsgId.of("c-1"), MessageContent.of("x"), MessageType.JOIN))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(new SendMessageCommand(ALICE, roomId, ClientMsgId.of("c-1"), MessageContent.of("x")).type())
                    .isEqualTo(MessageType.TEXT);
        }

        @Test
        void duplicateCaughtByTheUniqueConstraintIsAnsweredWithTheOriginalAndLeavesNoTrace() {
            Message original = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();
            chat.events().clear();
            long rollbacksBefore = chat.transactions().rollbackCount();
            // Another writer's insert that the duplicate check did not see: only the constraint stops it.
            AtomicBoolean hideOnce = new AtomicBoolean(true);
            LoadMessagePort racingView = new LoadMessagePortView(chat.store()) {
                @Override
                public Optional<Message> findByClientMsgId(RoomId room, UserId sender, ClientMsgId clientMsgId) {
                    return hideOnce.getAndSet(false)
                            ? Optional.empty()
                            : super.findByClientMsgId(room, sender, clientMsgId);
                }
            };
            MessageService racing = new MessageService(
                    chat.store(), racingView, chat.store(), chat.events(), chat.transactions(), chat.rateLimit(),
                    chat.clock());

            SendResult result = racing.sendMessage(new SendMessageCommand(
                    ALICE, roomId, ClientMsgId.of("c-1"), MessageContent.of("hello")));

            assertThat(result.duplicate()).isTrue();
            assertThat(result.message()).isEqualTo(original);
            assertThat(chat.transactions().rollbackCount()).isEqualTo(rollbacksBefore + 1);
            assertThat(scenario.lastSeq(roomId)).isEqualTo(3);
            assertThat(chat.store().messagesIn(roomId)).hasSize(3);
            assertThat(scenario.published()).isEmpty();
        }
    }

    @Nested
    class Editing {

        private Message hello;

        @BeforeEach
        void aliceSaidHello() {
            hello = scenario.send(ALICE, roomId, "hello");
            chat.events().clear();
            chat.clock().advance(Duration.ofMinutes(1));
        }

        @Test
        void authorEditsAndTheChangeTakesTheNextSeq() {
            Message edited = scenario.edit(ALICE, roomId, hello, "hello, world");

            assertThat(edited.id()).isEqualTo(hello.id());
            assertThat(edited.content()).isEqualTo(MessageContent.of("hello, world"));
            assertThat(edited.editedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
            assertThat(edited.seq()).isEqualTo(3);
            assertThat(edited.lastEventSeq()).isEqualTo(4);
            assertThat(scenario.lastSeq(roomId)).isEqualTo(4);
            assertThat(chat.store().findMessage(roomId, hello.id())).contains(edited);
            assertThat(scenario.published()).containsExactly(new MessageEdited(edited));
        }

        @Test
        void editByNonAuthorIsForbidden() {
            assertFailsWithoutTrace(() -> scenario.edit(BOB, roomId, hello, "mine"), PermissionDeniedException.class);
        }

        @Test
        void editByOwnerWhoIsNotTheAuthorIsForbidden() {
            Message fromBob = scenario.send(BOB, roomId, "bob here");

            assertFailsWithoutTrace(
                    () -> scenario.edit(ALICE, roomId, fromBob, "owner edit"), PermissionDeniedException.class);
        }

        @Test
        void editByNonMemberIsForbidden() {
            assertFailsWithoutTrace(
                    () -> scenario.edit(DAVE, roomId, hello, "outsider"), PermissionDeniedException.class);
        }

        @Test
        void editOfDeletedMessageIsConflict() {
            scenario.delete(ALICE, roomId, hello);

            assertFailsWithoutTrace(() -> scenario.edit(ALICE, roomId, hello, "undo"), ConflictException.class);
        }

        @Test
        void editOfMembershipRecordIsConflict() {
            Message aliceJoined = chat.store().messagesIn(roomId).getFirst();

            assertFailsWithoutTrace(
                    () -> scenario.edit(ALICE, roomId, aliceJoined, "rewrite history"), ConflictException.class);
        }

        @Test
        void editOfMessageFromAnotherRoomIsNotFound() {
            RoomId otherRoom = scenario.createRoom(ALICE, Visibility.PUBLIC);
            Message elsewhere = scenario.send(ALICE, otherRoom, "elsewhere");

            assertFailsWithoutTrace(
                    () -> scenario.edit(ALICE, roomId, elsewhere, "wrong room"), NotFoundException.class);
            assertThat(chat.store().findMessage(otherRoom, elsewhere.id())).contains(elsewhere);
        }

        @Test
        void editOfUnknownMessageIsNotFound() {
            Message ghost = new Message(
                    MessageId.of("no-such-message"), roomId, 1, ALICE.id(), null, ClientMsgId.of("g"),
                    MessageType.TEXT, MessageContent.of("boo"), START, null, null, 1);

            assertFailsWithoutTrace(() -> scenario.edit(ALICE, roomId, ghost, "boo"), NotFoundException.class);
        }

        @Test
        void editInUnknownRoomIsNotFound() {
            assertThatThrownBy(() -> scenario.edit(ALICE, RoomId.of("no-such-room"), hello, "x"))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void everyEditIsItsOwnEvent() {
            scenario.edit(ALICE, roomId, hello, "one");
            Message second = scenario.edit(ALICE, roomId, hello, "two");

            assertThat(second.lastEventSeq()).isEqualTo(5);
            assertThat(scenario.publishedSeqs(roomId)).containsExactly(4L, 5L);
        }
    }

    @Nested
    class Deleting {

        private Message hello;

        @BeforeEach
        void aliceSaidHello() {
            hello = scenario.send(ALICE, roomId, "hello");
            chat.events().clear();
            chat.clock().advance(Duration.ofMinutes(2));
        }

        @Test
        void authorDeletesAndATombstoneTakesTheNextSeq() {
            Message tombstone = scenario.delete(ALICE, roomId, hello);

            assertThat(tombstone.id()).isEqualTo(hello.id());
            assertThat(tombstone.seq()).isEqualTo(hello.seq());
            assertThat(tombstone.senderId()).isEqualTo(ALICE.id());
            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.content()).isNull();
            assertThat(tombstone.deletedAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
            assertThat(tombstone.lastEventSeq()).isEqualTo(4);
            assertThat(scenario.lastSeq(roomId)).isEqualTo(4);
            assertThat(chat.store().findMessage(roomId, hello.id())).contains(tombstone);
            assertThat(scenario.published()).containsExactly(new MessageDeleted(tombstone));
        }

        @Test
        void ownerDeletesSomeoneElsesMessage() {
            Message fromBob = scenario.send(BOB, roomId, "regrettable");
            chat.events().clear();

            Message tombstone = scenario.delete(ALICE, roomId, fromBob);

            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.senderId()).isEqualTo(BOB.id());
            assertThat(scenario.published()).singleElement().isInstanceOf(MessageDeleted.class);
        }

        @Test
        void deleteByMemberWhoIsNeitherAuthorNorOwnerIsForbidden() {
            assertFailsWithoutTrace(() -> scenario.delete(BOB, roomId, hello), PermissionDeniedException.class);
        }

        @Test
        void deleteByNonMemberIsForbidden() {
            assertFailsWithoutTrace(() -> scenario.delete(DAVE, roomId, hello), PermissionDeniedException.class);
        }

        @Test
        void secondDeleteReturnsTheTombstoneAndRecordsNoEvent() {
            Message tombstone = scenario.delete(ALICE, roomId, hello);
            chat.clock().advance(Duration.ofMinutes(1));

            Message again = scenario.delete(ALICE, roomId, hello);

            assertThat(again).isEqualTo(tombstone);
            assertThat(scenario.lastSeq(roomId)).isEqualTo(4);
            assertThat(scenario.published()).hasSize(1);
        }

        @Test
        void deleteOfMembershipRecordIsConflict() {
            Message bobJoined = chat.store().messagesIn(roomId).get(1);

            assertFailsWithoutTrace(() -> scenario.delete(ALICE, roomId, bobJoined), ConflictException.class);
        }

        @Test
        void deleteOfMessageFromAnotherRoomIsNotFound() {
            RoomId otherRoom = scenario.createRoom(ALICE, Visibility.PUBLIC);
            Message elsewhere = scenario.send(ALICE, otherRoom, "elsewhere");

            assertFailsWithoutTrace(() -> scenario.delete(ALICE, roomId, elsewhere), NotFoundException.class);
            assertThat(chat.store().findMessage(otherRoom, elsewhere.id())).contains(elsewhere);
        }

        @Test
        void formerOwnerLosesTheRightToDeleteOthersMessages() {
            Message fromBob = scenario.send(BOB, roomId, "mine");
            scenario.remove(ALICE, roomId, ALICE);
            scenario.join(ALICE, roomId);

            assertFailsWithoutTrace(() -> scenario.delete(ALICE, roomId, fromBob), PermissionDeniedException.class);
            assertThat(scenario.delete(BOB, roomId, fromBob).deleted()).isTrue();
        }
    }

    @Nested
    class RateLimiting {

        private static final Duration WAIT = Duration.ofMillis(1_500);

        @Test
        void sendPastTheAllowanceIsRefusedWithTheHintAndLeavesNoTrace() {
            chat.rateLimit().exhaust(ALICE.id(), WAIT);

            assertFailsWithoutTrace(() -> scenario.send(ALICE, roomId, "one too many"), RateLimitedException.class);
            assertThatThrownBy(() -> scenario.send(ALICE, roomId, "again"))
                    .isInstanceOfSatisfying(RateLimitedException.class,
                            limited -> assertThat(limited.retryAfter()).isEqualTo(WAIT));
        }

        @Test
        void editPastTheAllowanceIsRefusedAndTheMessageKeepsItsContent() {
            Message hello = scenario.send(ALICE, roomId, "hello");
            chat.events().clear();
            chat.rateLimit().exhaust(ALICE.id(), WAIT);

            assertFailsWithoutTrace(() -> scenario.edit(ALICE, roomId, hello, "changed"), RateLimitedException.class);
            assertThat(chat.store().findMessage(roomId, hello.id())).contains(hello);
        }

        @Test
        void anotherUserIsNotAffected() {
            chat.rateLimit().exhaust(ALICE.id(), WAIT);

            Message fromBob = scenario.send(BOB, roomId, "still here");

            assertThat(fromBob.seq()).isEqualTo(3);
            assertThat(scenario.published()).containsExactly(new MessageSent(fromBob));
        }

        @Test
        void everySendAndEditTakesOneUnitOfTheCallersAllowance() {
            Message hello = scenario.send(ALICE, roomId, "hello");
            scenario.edit(ALICE, roomId, hello, "hello again");
            scenario.send(BOB, roomId, "hi");

            assertThat(chat.rateLimit().acquired()).containsExactly(ALICE.id(), ALICE.id(), BOB.id());
            assertThat(chat.rateLimit().givenBack()).isEmpty();
        }

        @Test
        void reSendOfAStoredMessageGivesItsUnitBack() {
            scenario.sendWith(ALICE, roomId, "c-1", "hello");

            SendResult again = scenario.sendWith(ALICE, roomId, "c-1", "hello");

            assertThat(again.duplicate()).isTrue();
            assertThat(chat.rateLimit().acquired()).containsExactly(ALICE.id(), ALICE.id());
            assertThat(chat.rateLimit().givenBack()).containsExactly(ALICE.id());
        }

        @Test
        void reSendWhileTheAllowanceIsUsedUpIsRefusedAndAnsweredAsDuplicateLater() {
            Message hello = scenario.sendWith(ALICE, roomId, "c-1", "hello").message();
            chat.events().clear();
            chat.rateLimit().exhaust(ALICE.id(), WAIT);

            // Refused before any database work: the check costs no read, whatever the request is.
            assertFailsWithoutTrace(() -> scenario.sendWith(ALICE, roomId, "c-1", "hello"),
                    RateLimitedException.class);

            chat.rateLimit().replenish(ALICE.id());
            SendResult later = scenario.sendWith(ALICE, roomId, "c-1", "hello");
            assertThat(later.duplicate()).isTrue();
            assertThat(later.message()).isEqualTo(hello);
        }

        @Test
        void sendAndEditThatFailBecauseTheDatabaseIsUnreachableGiveTheirUnitsBack() {
            Message hello = scenario.send(ALICE, roomId, "hello");
            MessageService unreachable = withUnreachableDatabase(SendBatching.off());

            assertThatThrownBy(() -> unreachable.sendMessage(new SendMessageCommand(
                    ALICE, roomId, ClientMsgId.of("c-2"), MessageContent.of("lost")))).isSameAs(UNREACHABLE);
            assertThatThrownBy(() -> unreachable.editMessage(new EditMessageCommand(
                    ALICE, roomId, hello.id(), MessageContent.of("changed")))).isSameAs(UNREACHABLE);

            assertThat(chat.rateLimit().acquired()).containsExactly(ALICE.id(), ALICE.id(), ALICE.id());
            assertThat(chat.rateLimit().givenBack()).containsExactly(ALICE.id(), ALICE.id());
        }

        @Test
        void aGroupCommittedSendThatFailsBecauseTheDatabaseIsUnreachableGivesItsUnitBack() {
            try (MessageService unreachable = withUnreachableDatabase(SendBatching.upTo(64))) {
                assertThatThrownBy(() -> unreachable.sendMessage(new SendMessageCommand(
                        ALICE, roomId, ClientMsgId.of("c-1"), MessageContent.of("lost")))).isSameAs(UNREACHABLE);
            }

            assertThat(chat.rateLimit().acquired()).containsExactly(ALICE.id());
            assertThat(chat.rateLimit().givenBack()).containsExactly(ALICE.id());
        }

        @Test
        void sendsAndEditsRefusedByTheDomainKeepTheirUnitsSpent() {
            Message hello = scenario.send(ALICE, roomId, "hello");

            assertThatThrownBy(() -> scenario.send(DAVE, roomId, "not a member"))
                    .isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> scenario.edit(BOB, roomId, hello, "not the author"))
                    .isInstanceOf(PermissionDeniedException.class);

            assertThat(chat.rateLimit().acquired()).containsExactly(ALICE.id(), DAVE.id(), BOB.id());
            assertThat(chat.rateLimit().givenBack()).isEmpty();
        }

        /** What a repository reports when it cannot reach the database: to the service, a plain runtime failure. */
        private static final RuntimeException UNREACHABLE = new IllegalStateException("pretend: connection refused");

        private MessageService withUnreachableDatabase(SendBatching batching) {
            SaveMessagePort failing = new SaveMessagePort() {
                @Override
                public void insertMessage(Message message) {
                    throw UNREACHABLE;
                }

                @Override
                public void appendMessages(List<Message> batch) {
                    throw UNREACHABLE;
                }

                @Override
                public void updateMessage(Message message) {
                    throw UNREACHABLE;
                }
            };
            return new MessageService(chat.store(), chat.store(), failing, chat.events(), chat.transactions(),
                    chat.rateLimit(), chat.clock(), batching);
        }

        @Test
        void deletesAreNotLimited() {
            Message hello = scenario.send(ALICE, roomId, "hello");
            chat.rateLimit().exhaust(ALICE.id(), WAIT);

            assertThat(scenario.delete(ALICE, roomId, hello).deleted()).isTrue();
        }

        @Test
        void refusedSendIsCheckedBeforeTheRoomSoNoTransactionRuns() {
            chat.rateLimit().exhaust(ALICE.id(), WAIT);
            long transactionsBefore = chat.transactions().commitCount() + chat.transactions().rollbackCount();

            assertThatThrownBy(() -> scenario.send(ALICE, roomId, "x")).isInstanceOf(RateLimitedException.class);

            assertThat(chat.transactions().commitCount() + chat.transactions().rollbackCount())
                    .isEqualTo(transactionsBefore);
        }
    }

    @Nested
    class Ordering {

        @Test
        void seqsAreGapFreeAcrossMixedOperationsAndEachChangeIsPublishedOnce() {
            Message one = scenario.send(ALICE, roomId, "one");
            scenario.join(CAROL, roomId);
            Message two = scenario.send(CAROL, roomId, "two");
            scenario.edit(ALICE, roomId, one, "one, edited");
            assertThatThrownBy(() -> scenario.edit(BOB, roomId, two, "not mine"))
                    .isInstanceOf(PermissionDeniedException.class);
            scenario.delete(ALICE, roomId, two);
            scenario.delete(ALICE, roomId, two);
            scenario.sendWith(ALICE, roomId, one.clientMsgId().value(), "one");
            scenario.add(BOB, roomId, DAVE);
            assertThatThrownBy(() -> scenario.join(DAVE, RoomId.of("no-such-room")))
                    .isInstanceOf(NotFoundException.class);
            scenario.remove(ALICE, roomId, DAVE);
            scenario.remove(ALICE, roomId, ALICE);
            scenario.send(BOB, roomId, "three");

            List<RoomEvent> events = chat.events().publishedIn(roomId);

            assertThat(events).extracting(RoomEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(3, 11).boxed().toList());
            assertThat(events).map(event -> event.getClass().getSimpleName()).containsExactly(
                    "MessageSent", "MemberJoined", "MessageSent", "MessageEdited", "MessageDeleted",
                    "MemberJoined", "MemberLeft", "MemberLeft", "MessageSent");
            assertThat(scenario.lastSeq(roomId)).isEqualTo(11);
            assertThat(chat.store().messagesIn(roomId)).extracting(Message::seq)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 8L, 9L, 10L, 11L);
        }

        @Test
        void eventsArePublishedInsideTheirTransactionAndNothingOnFailure() {
            long commitsBefore = chat.transactions().commitCount();

            scenario.send(ALICE, roomId, "ok");
            assertThatThrownBy(() -> scenario.send(DAVE, roomId, "no")).isInstanceOf(PermissionDeniedException.class);

            assertThat(chat.transactions().commitCount()).isEqualTo(commitsBefore + 1);
            assertThat(scenario.published()).singleElement().isInstanceOf(MessageSent.class);
        }

        @Test
        @Timeout(value = 30, unit = TimeUnit.SECONDS)
        void concurrentSendsGetDistinctGapFreeSeqsAndRetriesNeverDuplicate() throws Exception {
            int writers = 4;
            int perWriter = 25;
            List<Caller> senders = List.of(ALICE, BOB, ALICE, BOB);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<List<SendResult>>> futures = new ArrayList<>();
            try {
                for (int w = 0; w < writers; w++) {
                    Caller sender = senders.get(w);
                    String prefix = "w" + (w % 2);
                    futures.add(pool.submit(() -> {
                        List<SendResult> results = new ArrayList<>();
                        // Writers 0 and 2 (both Alice) and 1 and 3 (both Bob) race with the same clientMsgIds.
                        for (int i = 0; i < perWriter; i++) {
                            results.add(scenario.sendWith(sender, roomId, prefix + "-" + i, "message " + i));
                        }
                        return results;
                    }));
                }
                List<SendResult> all = new ArrayList<>();
                for (Future<List<SendResult>> future : futures) {
                    all.addAll(future.get());
                }

                assertThat(all).filteredOn(result -> !result.duplicate()).hasSize(2 * perWriter);
                assertThat(all).filteredOn(SendResult::duplicate).hasSize(2 * perWriter);
                long expectedLastSeq = 2 + 2L * perWriter;
                assertThat(scenario.lastSeq(roomId)).isEqualTo(expectedLastSeq);
                assertThat(chat.store().messagesIn(roomId)).extracting(Message::seq)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedLastSeq).boxed().toList());
                assertThat(scenario.publishedSeqs(roomId))
                        .containsExactlyElementsOf(LongStream.rangeClosed(3, expectedLastSeq).boxed().toList());
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void membershipEventsBetweenMessagesKeepTheirPlace() {
            scenario.send(ALICE, roomId, "before");
            scenario.join(CAROL, roomId);
            scenario.send(CAROL, roomId, "after");

            assertThat(scenario.published())
                    .extracting(event -> event.getClass().getSimpleName(), RoomEvent::seq)
                    .containsExactly(
                            tuple("MessageSent", 3L),
                            tuple("MemberJoined", 4L),
                            tuple("MessageSent", 5L));
            assertThat(scenario.published().get(1)).isInstanceOf(MemberJoined.class);
            assertThat(scenario.published()).noneMatch(MemberLeft.class::isInstance);
        }
    }

}
