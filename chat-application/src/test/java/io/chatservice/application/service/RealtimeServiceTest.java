package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.in.RoomWatch;
import io.chatservice.application.port.in.RoomWatchersQuery;
import io.chatservice.application.port.in.TypingCommand;
import io.chatservice.application.port.in.UnwatchRoomCommand;
import io.chatservice.application.port.in.WatchRoomCommand;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.application.testing.RecordingBroadcasts;
import io.chatservice.application.testing.RecordingBroadcasts.TypingSignal;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RealtimeServiceTest {

    private final ChatScenario scenario = new ChatScenario();
    private final ChatServices chat = scenario.chat;
    private final RecordingBroadcasts broadcasts = chat.broadcasts();
    private RoomId roomId;

    @BeforeEach
    void aliceOwnsARoomWithBob() {
        roomId = scenario.createRoom(ALICE, "general", Visibility.PRIVATE, BOB);
    }

    @Nested
    class WatchingARoom {

        @Test
        void aMemberWatchesFromTheRoomsLastSeqAndTheInstanceListens() {
            scenario.send(ALICE, roomId, "hello");
            long lastSeq = scenario.lastSeq(roomId);

            RoomWatch watch = chat.realtime().watchRoom(new WatchRoomCommand(BOB, roomId));

            assertThat(watch).isEqualTo(new RoomWatch(roomId, lastSeq));
            assertThat(broadcasts.listenCount(roomId)).isEqualTo(1);
        }

        @Test
        void everyWatchIsCountedUntilItsUnwatch() {
            chat.realtime().watchRoom(new WatchRoomCommand(ALICE, roomId));
            chat.realtime().watchRoom(new WatchRoomCommand(BOB, roomId));

            chat.realtime().unwatchRoom(new UnwatchRoomCommand(roomId));
            assertThat(broadcasts.listenCount(roomId)).isEqualTo(1);

            chat.realtime().unwatchRoom(new UnwatchRoomCommand(roomId));
            assertThat(broadcasts.listenCount(roomId)).isZero();
        }

        @Test
        void aNonMemberIsRefusedAndLeavesNoListenBehind() {
            assertThatThrownBy(() -> chat.realtime().watchRoom(new WatchRoomCommand(CAROL, roomId)))
                    .isInstanceOf(PermissionDeniedException.class);

            assertThat(broadcasts.listenCount(roomId)).isZero();
        }

        @Test
        void anUnknownRoomIsNotFoundAndLeavesNoListenBehind() {
            RoomId unknown = RoomId.of("no-such-room");

            assertThatThrownBy(() -> chat.realtime().watchRoom(new WatchRoomCommand(ALICE, unknown)))
                    .isInstanceOf(NotFoundException.class);

            assertThat(broadcasts.listenCount(unknown)).isZero();
        }

        @Test
        void aMemberWhoLeftCannotWatchAnyMore() {
            scenario.remove(ALICE, roomId, BOB);

            assertThatThrownBy(() -> chat.realtime().watchRoom(new WatchRoomCommand(BOB, roomId)))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void departedWatchersAreThoseNoLongerMembers() {
            scenario.add(ALICE, roomId, CAROL);
            scenario.remove(ALICE, roomId, BOB);

            Set<UserId> departed = chat.realtime().departedWatchers(
                    new RoomWatchersQuery(roomId, Set.of(ALICE.id(), BOB.id(), CAROL.id())));

            assertThat(departed).containsExactly(BOB.id());
        }

        @Test
        void everyWatcherOfAVanishedRoomHasDeparted() {
            RoomId unknown = RoomId.of("no-such-room");

            assertThat(chat.realtime().departedWatchers(new RoomWatchersQuery(unknown, Set.of(ALICE.id()))))
                    .containsExactly(ALICE.id());
        }

        @Test
        void anUnreachableBroadcastChannelFailsTheWatchWithoutCountingIt() {
            broadcasts.setUnavailable(true);

            assertThatThrownBy(() -> chat.realtime().watchRoom(new WatchRoomCommand(ALICE, roomId)))
                    .isInstanceOf(RealtimeUnavailableException.class);

            broadcasts.setUnavailable(false);
            assertThat(broadcasts.listenCount(roomId)).isZero();
        }
    }

    @Nested
    class Typing {

        @Test
        void aMembersTypingIsBroadcastAndNothingIsStored() {
            long eventsBefore = chat.events().published().size();

            chat.realtime().typing(new TypingCommand(BOB, roomId, true));
            chat.realtime().typing(new TypingCommand(BOB, roomId, false));

            assertThat(broadcasts.typingSignals()).containsExactly(
                    new TypingSignal(roomId, BOB.id(), true), new TypingSignal(roomId, BOB.id(), false));
            assertThat(chat.events().published()).hasSize((int) eventsBefore);
        }

        @Test
        void aNonMembersTypingIsRefusedAndNotBroadcast() {
            assertThatThrownBy(() -> chat.realtime().typing(new TypingCommand(CAROL, roomId, true)))
                    .isInstanceOf(PermissionDeniedException.class);

            assertThat(broadcasts.typingSignals()).isEmpty();
        }

        @Test
        void membershipIsReadOnceWhileTheConfirmationIsFresh() {
            chat.realtime().typing(new TypingCommand(BOB, roomId, true));
            long transactionsAfterFirst = chat.transactions().commitCount();

            chat.clock().advance(RealtimeService.TYPING_MEMBERSHIP_TTL.minus(Duration.ofMillis(1)));
            chat.realtime().typing(new TypingCommand(BOB, roomId, false));

            assertThat(chat.transactions().commitCount()).isEqualTo(transactionsAfterFirst);
        }

        @Test
        void aRemovedMemberIsRefusedOnceTheConfirmationExpires() {
            chat.realtime().typing(new TypingCommand(BOB, roomId, true));
            scenario.remove(ALICE, roomId, BOB);

            chat.clock().advance(RealtimeService.TYPING_MEMBERSHIP_TTL);

            assertThatThrownBy(() -> chat.realtime().typing(new TypingCommand(BOB, roomId, true)))
                    .isInstanceOf(PermissionDeniedException.class);
        }
    }
}
