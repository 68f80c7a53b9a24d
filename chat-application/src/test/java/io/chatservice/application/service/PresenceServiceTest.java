package io.chatservice.application.service;

import static io.chatservice.application.service.ChatScenario.ALICE;
import static io.chatservice.application.service.ChatScenario.BOB;
import static io.chatservice.application.service.ChatScenario.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.application.port.in.ConnectionCommand;
import io.chatservice.application.port.in.PresenceQuery;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.application.port.in.RoomPresence;
import io.chatservice.application.testing.ChatServices;
import io.chatservice.application.testing.RecordingBroadcasts;
import io.chatservice.application.testing.RecordingBroadcasts.PresenceSignal;
import io.chatservice.domain.room.Visibility;
import io.chatservice.domain.shared.PermissionDeniedException;
import io.chatservice.domain.shared.RoomId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PresenceServiceTest {

    private final ChatScenario scenario = new ChatScenario();
    private final ChatServices chat = scenario.chat;
    private final RecordingBroadcasts broadcasts = chat.broadcasts();
    private RoomId general;
    private RoomId quiet;

    @BeforeEach
    void bobIsInTwoRoomsOfAlice() {
        general = scenario.createRoom(ALICE, "general", Visibility.PRIVATE, BOB);
        quiet = scenario.createRoom(ALICE, "quiet", Visibility.PRIVATE, BOB);
    }

    @Test
    void theFirstConnectionOfAUserTellsEachOfTheirRoomsTheyAreOnline() {
        chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-1"));

        assertThat(broadcasts.presenceSignals()).containsExactlyInAnyOrder(
                new PresenceSignal(general, BOB.id(), true), new PresenceSignal(quiet, BOB.id(), true));
    }

    @Test
    void furtherConnectionsAndAllButTheLastCloseChangeNothing() {
        chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-1"));
        chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-2"));
        chat.presence().connectionClosed(new ConnectionCommand(BOB, "c-1"));

        assertThat(broadcasts.presenceSignals()).extracting(PresenceSignal::online).containsOnly(true).hasSize(2);

        chat.presence().connectionClosed(new ConnectionCommand(BOB, "c-2"));

        assertThat(broadcasts.presenceSignals()).filteredOn(signal -> !signal.online()).containsExactlyInAnyOrder(
                new PresenceSignal(general, BOB.id(), false), new PresenceSignal(quiet, BOB.id(), false));
    }

    @Test
    void aReconnectWhileTheOfflineAnnouncementGoesOutEndsWithTheRoomsToldOnline() {
        chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-1"));
        broadcasts.afterPresencePublished(() -> {
            broadcasts.afterPresencePublished(() -> { });
            // Bob's new tab opens while "offline" is still going out: its own "online" raced it and lost.
            broadcasts.connectionOpened(BOB.id(), "c-2");
        });

        chat.presence().connectionClosed(new ConnectionCommand(BOB, "c-1"));

        List<PresenceSignal> lastWordPerRoom = broadcasts.presenceSignals()
                .subList(broadcasts.presenceSignals().size() - 2, broadcasts.presenceSignals().size());
        assertThat(lastWordPerRoom).containsExactlyInAnyOrder(
                new PresenceSignal(general, BOB.id(), true), new PresenceSignal(quiet, BOB.id(), true));
    }

    @Test
    void aRoomTheUserLeftIsNotTold() {
        scenario.remove(ALICE, quiet, BOB);

        chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-1"));

        assertThat(broadcasts.presenceSignals()).containsExactly(new PresenceSignal(general, BOB.id(), true));
    }

    @Test
    void aMemberSeesWhichMembersAreOnlineOrderedByUserId() {
        chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-1"));
        chat.presence().connectionOpened(new ConnectionCommand(ALICE, "c-2"));
        chat.presence().connectionOpened(new ConnectionCommand(CAROL, "c-3"));

        RoomPresence presence = chat.presence().getPresence(new PresenceQuery(BOB, general));

        assertThat(presence).isEqualTo(new RoomPresence(general, List.of(ALICE.id(), BOB.id())));
    }

    @Test
    void anUnreachableRegistryIsTheUseCasesOwnUnavailableFailure() {
        broadcasts.setUnavailable(true);

        assertThatThrownBy(() -> chat.presence().getPresence(new PresenceQuery(BOB, general)))
                .isInstanceOf(RealtimeUnavailableException.class);
        assertThatThrownBy(() -> chat.presence().connectionOpened(new ConnectionCommand(BOB, "c-1")))
                .isInstanceOf(RealtimeUnavailableException.class);
    }

    @Test
    void aNonMemberCannotSeeWhoIsOnline() {
        assertThatThrownBy(() -> chat.presence().getPresence(new PresenceQuery(CAROL, general)))
                .isInstanceOf(PermissionDeniedException.class);
    }
}
