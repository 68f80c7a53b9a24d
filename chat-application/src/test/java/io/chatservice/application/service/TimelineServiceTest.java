package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static io.chatservice.application.service.ChatScenario.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chatservice.application.port.in.Caller;
import io.chatservice.application.port.in.HistoryPage;
import io.chatservice.application.port.in.HistoryQuery;
import io.chatservice.application.port.in.PageLimit;
import io.chatservice.application.port.in.SyncPage;
import io.chatservice.application.port.in.SyncQuery;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.domain.message.Message;
import io.chatservice.domain.message.MessageId;
import io.chatservice.domain.message.MessageType;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimelineServiceTest {

    private final ChatScenario scenario = new ChatScenario();
    private final ChatServices chat = scenario.chat;
    private RoomId roomId;

    @BeforeEach
    void aliceOwnsARoomWithBob() {
        roomId = scenario.createRoom(ALICE, Visibility.PUBLIC, BOB);
    }

    private HistoryPage history(Caller caller, @Nullable Message before, int limit) {
        return chat.timeline().loadHistory(
                new HistoryQuery(caller, roomId, before == null ? null : before.id(), new PageLimit(limit)));
    }

    private SyncPage syncAfter(Caller caller, Message after, int limit) {
        return chat.timeline().syncMessages(new SyncQuery(caller, roomId, after.id(), null, new PageLimit(limit)));
    }

    private static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    @Nested
    class History {

        private List<Message> sent;

        @BeforeEach
        void aliceSendsFiveMessages() {
            sent = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                sent.add(scenario.send(ALICE, roomId, "message " + i));
            }
        }

        @Test
        void latestPageHoldsTheNewestMessagesOldestFirst() {
            HistoryPage page = history(BOB, null, 3);

            assertThat(page.messages()).containsExactlyElementsOf(sent.subList(2, 5));
            assertThat(seqs(page.messages())).containsExactly(5L, 6L, 7L);
            assertThat(page.hasMore()).isTrue();
        }

        @Test
        void pagingBackwardsWithBeforeWalksTheWholeTimelineOnce() {
            HistoryPage newest = history(BOB, null, 3);
            HistoryPage middle = history(BOB, newest.messages().getFirst(), 3);
            HistoryPage oldest = history(BOB, middle.messages().getFirst(), 3);

            assertThat(seqs(middle.messages())).containsExactly(2L, 3L, 4L);
            assertThat(middle.hasMore()).isTrue();
            assertThat(seqs(oldest.messages())).containsExactly(1L);
            assertThat(oldest.hasMore()).isFalse();
            assertThat(oldest.messages().getFirst().type()).isEqualTo(MessageType.JOIN);
        }

        @Test
        void pageHoldingExactlyTheRestHasNoMore() {
            assertThat(history(BOB, null, 7).hasMore()).isFalse();
            assertThat(history(BOB, null, 7).messages()).hasSize(7);
            assertThat(history(BOB, null, 6).hasMore()).isTrue();
        }

        @Test
        void pageBeforeTheFirstMessageIsEmpty() {
            Message first = chat.store().messagesIn(roomId).getFirst();

            HistoryPage page = history(BOB, first, 10);

            assertThat(page.messages()).isEmpty();
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void historyShowsMessagesAsTheyAreNowWithTombstonesAndMembershipRecords() {
            Message edited = scenario.edit(ALICE, roomId, sent.get(0), "first, edited");
            Message tombstone = scenario.delete(ALICE, roomId, sent.get(1));
            scenario.join(CAROL, roomId);

            HistoryPage page = history(BOB, null, 50);

            assertThat(page.messages())
                    .extracting(Message::seq, Message::type, Message::deleted)
                    .containsExactly(
                            tuple(1L, MessageType.JOIN, false),
                            tuple(2L, MessageType.JOIN, false),
                            tuple(3L, MessageType.TEXT, false),
                            tuple(4L, MessageType.TEXT, true),
                            tuple(5L, MessageType.TEXT, false),
                            tuple(6L, MessageType.TEXT, false),
                            tuple(7L, MessageType.TEXT, false),
                            tuple(10L, MessageType.JOIN, false));
            assertThat(page.messages()).contains(edited, tombstone);
        }

        @Test
        void historyBeforeAMessageOfAnotherRoomIsNotFound() {
            RoomId otherRoom = scenario.createRoom(ALICE, Visibility.PUBLIC);
            Message elsewhere = scenario.send(ALICE, otherRoom, "elsewhere");

            assertThatThrownBy(() -> history(BOB, elsewhere, 10)).isInstanceOf(NotFoundException.class);
        }

        @Test
        void historyIsForMembersOnly() {
            assertThatThrownBy(() -> history(DAVE, null, 10)).isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void historyOfUnknownRoomIsNotFound() {
            assertThatThrownBy(() -> chat.timeline().loadHistory(
                            new HistoryQuery(ALICE, RoomId.of("no-such-room"), null, PageLimit.DEFAULT)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Sync {

        @Test
        void syncAfterAMessageReturnsEveryLaterChangeOrderedByLastEventSeqWithTombstones() {
            Message one = scenario.send(ALICE, roomId, "one");
            Message two = scenario.send(BOB, roomId, "two");
            Message three = scenario.send(ALICE, roomId, "three");
            Message oneEdited = scenario.edit(ALICE, roomId, one, "one, edited");
            Message twoDeleted = scenario.delete(BOB, roomId, two);
            scenario.join(CAROL, roomId);
            Message carolJoined = chat.store().messagesIn(roomId).getLast();

            SyncPage page = syncAfter(BOB, two, 50);

            assertThat(page.messages()).containsExactly(three, oneEdited, twoDeleted, carolJoined);
            assertThat(page.messages()).extracting(Message::lastEventSeq).containsExactly(5L, 6L, 7L, 8L);
            assertThat(twoDeleted.content()).isNull();
            assertThat(page.lastSeq()).isEqualTo(8);
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void syncSinceSeqZeroReturnsTheWholeTimeline() {
            scenario.send(ALICE, roomId, "one");
            scenario.send(BOB, roomId, "two");

            SyncPage page = scenario.syncSince(BOB, roomId, 0, 50);

            assertThat(page.messages()).containsExactlyElementsOf(chat.store().messagesIn(roomId));
            assertThat(page.lastSeq()).isEqualTo(4);
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void syncSinceSeqAndSyncAfterTheMessageAtThatSeqAgree() {
            Message one = scenario.send(ALICE, roomId, "one");
            scenario.send(BOB, roomId, "two");
            scenario.delete(ALICE, roomId, one);

            assertThat(scenario.syncSince(BOB, roomId, one.seq(), 50)).isEqualTo(syncAfter(BOB, one, 50));
        }

        @Test
        void syncAfterAMessageChangedSinceIncludesThatMessageAgain() {
            Message one = scenario.send(ALICE, roomId, "one");
            Message edited = scenario.edit(ALICE, roomId, one, "one, edited");

            assertThat(syncAfter(BOB, one, 50).messages()).containsExactly(edited);
        }

        @Test
        void pagesContinuedFromLastSeqDeliverEveryChangeExactlyOnce() {
            List<Message> sent = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                sent.add(scenario.send(i % 2 == 0 ? BOB : ALICE, roomId, "message " + i));
            }
            scenario.edit(ALICE, roomId, sent.get(0), "first, edited");
            scenario.delete(BOB, roomId, sent.get(3));
            scenario.join(CAROL, roomId);
            long roomLastSeq = scenario.lastSeq(roomId);

            List<Message> collected = new ArrayList<>();
            List<Long> pageLastSeqs = new ArrayList<>();
            SyncPage page;
            long cursor = 0;
            do {
                page = scenario.syncSince(BOB, roomId, cursor, 3);
                assertThat(page.messages()).hasSizeLessThanOrEqualTo(3);
                if (page.hasMore()) {
                    assertThat(page.messages()).hasSize(3);
                    assertThat(page.lastSeq()).isEqualTo(page.messages().getLast().lastEventSeq());
                }
                collected.addAll(page.messages());
                pageLastSeqs.add(page.lastSeq());
                cursor = page.lastSeq();
            } while (page.hasMore());

            assertThat(collected).containsExactlyElementsOf(scenario.syncSince(BOB, roomId, 0, 200).messages());
            assertThat(collected).extracting(Message::id).doesNotHaveDuplicates();
            assertThat(collected).extracting(Message::lastEventSeq).isSorted();
            assertThat(pageLastSeqs).isSorted().last().isEqualTo(roomLastSeq);
            assertThat(collected).hasSize(10);
        }

        @Test
        void messageChangedBetweenPagesComesAgainInALaterPage() {
            Message one = scenario.send(ALICE, roomId, "one");
            scenario.send(ALICE, roomId, "two");
            SyncPage first = scenario.syncSince(BOB, roomId, 0, 3);
            assertThat(first.messages()).contains(one);

            Message edited = scenario.edit(ALICE, roomId, one, "one, edited");
            SyncPage second = scenario.syncSince(BOB, roomId, first.lastSeq(), 3);

            assertThat(second.messages()).last().isEqualTo(edited);
            assertThat(second.hasMore()).isFalse();
            assertThat(second.lastSeq()).isEqualTo(edited.lastEventSeq());
        }

        @Test
        void syncWhenUpToDateReturnsNothingAndTheRoomsLastSeq() {
            Message latest = scenario.send(ALICE, roomId, "latest");

            SyncPage page = syncAfter(BOB, latest, 50);

            assertThat(page.messages()).isEmpty();
            assertThat(page.lastSeq()).isEqualTo(latest.seq());
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        void syncShowsOnlyChangesOfTheRoomAsked() {
            RoomId otherRoom = scenario.createRoom(BOB, Visibility.PUBLIC);
            scenario.send(BOB, otherRoom, "elsewhere");
            Message here = scenario.send(BOB, roomId, "here");

            SyncPage page = scenario.syncSince(BOB, roomId, 2, 50);

            assertThat(page.messages()).containsExactly(here);
            assertThat(page.lastSeq()).isEqualTo(3);
        }

        @Test
        void everyEventSeqUpToLastSeqIsAccountedFor() {
            Message one = scenario.send(ALICE, roomId, "one");
            scenario.edit(ALICE, roomId, one, "edited once");
            scenario.edit(ALICE, roomId, one, "edited twice");
            scenario.join(DAVE, roomId);

            SyncPage page = scenario.syncSince(BOB, roomId, 0, 50);

            // Superseded events (3, 4) need no message of their own: the message shows its latest state.
            Map<Long, Message> byLastEventSeq = page.messages().stream()
                    .collect(Collectors.toMap(Message::lastEventSeq, Function.identity()));
            assertThat(byLastEventSeq).containsOnlyKeys(1L, 2L, 5L, 6L);
            assertThat(byLastEventSeq.get(5L).seq()).isEqualTo(3);
            assertThat(page.lastSeq()).isEqualTo(6);
        }

        @Test
        void syncAfterAMessageOfAnotherRoomIsNotFound() {
            RoomId otherRoom = scenario.createRoom(ALICE, Visibility.PUBLIC);
            Message elsewhere = scenario.send(ALICE, otherRoom, "elsewhere");

            assertThatThrownBy(() -> syncAfter(BOB, elsewhere, 10)).isInstanceOf(NotFoundException.class);
        }

        @Test
        void syncIsForMembersOnly() {
            assertThatThrownBy(() -> scenario.syncSince(DAVE, roomId, 0, 10))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void syncOfUnknownRoomIsNotFound() {
            assertThatThrownBy(() -> scenario.syncSince(ALICE, RoomId.of("no-such-room"), 0, 10))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void syncQueryNeedsExactlyOneCursor() {
            MessageId someMessage = MessageId.of("m-1");

            assertThatThrownBy(() -> new SyncQuery(ALICE, roomId, null, null, PageLimit.DEFAULT))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> new SyncQuery(ALICE, roomId, someMessage, 3L, PageLimit.DEFAULT))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> new SyncQuery(ALICE, roomId, null, -1L, PageLimit.DEFAULT))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Nested
    class Limits {

        @ParameterizedTest
        @ValueSource(ints = {1, 50, 200})
        void pageLimitFromOneToTwoHundredIsAccepted(int limit) {
            assertThat(new PageLimit(limit).value()).isEqualTo(limit);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 0, 201})
        void pageLimitOutsideOneToTwoHundredIsRejected(int limit) {
            assertThatThrownBy(() -> new PageLimit(limit)).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void defaultPageLimitIsFifty() {
            assertThat(PageLimit.DEFAULT.value()).isEqualTo(50);
        }

        @Test
        void pageOfOneStillTellsWhetherThereIsMore() {
            scenario.send(ALICE, roomId, "one");

            assertThat(history(BOB, null, 1).hasMore()).isTrue();
            SyncPage page = scenario.syncSince(BOB, roomId, 2, 1);
            assertThat(page.messages()).hasSize(1);
            assertThat(page.hasMore()).isFalse();
            assertThat(page.lastSeq()).isEqualTo(3);
        }
    }
}
