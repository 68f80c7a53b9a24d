package io.chatservice.adapter.out.persistence.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.domain.message.Message;
import io.chatservice.domain.room.Member;
import io.chatservice.domain.room.MemberRole;
import io.chatservice.domain.room.Room;
import io.chatservice.domain.shared.UserId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

class RoomPersistenceIT extends PersistenceIntegrationTest {

    private final UserId alice = newUser("alice");
    private final UserId bob = newUser("bob");
    private final UserId carol = newUser("carol");

    @Test
    void savingARoomKeepsAReadMarkerThatMovedAfterTheRoomWasLoaded() {
        Room created = createRoom(alice, bob);
        Message read = send(created.id(), alice, "read me");
        TransactionTemplate separately = new TransactionTemplate(transactions.getTransactionManager());
        separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        changeRoom(created.id(), room -> {
            // Read markers move without the room lock, so this commits while the room is held.
            separately.executeWithoutResult(
                    status -> readMarkers.advanceReadMarker(created.id(), bob, read.seq(), read.id()));
            room.leave(alice, now());
        });

        assertThat(loadRoom.loadRoom(created.id()).orElseThrow().member(bob).orElseThrow().role())
                .isEqualTo(MemberRole.OWNER);
        assertThat(readMarkers.readState(created.id(), bob).orElseThrow().lastReadSeq()).isEqualTo(read.seq());
    }

    @Test
    void loadingForUpdateHoldsOffOtherChangesAndThenShowsTheMembersTheyCommitted() throws Exception {
        Room created = createRoom(alice);
        CountDownLatch firstHoldsRoom = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<?> bobJoins = inBackground(() -> inTransaction(() -> {
            Room room = loadRoom.loadRoomForUpdate(created.id()).orElseThrow();
            firstHoldsRoom.countDown();
            await(releaseFirst);
            room.join(bob, "Bob", now());
            saveWithRecords(room);
            return room;
        }));
        await(firstHoldsRoom);

        AtomicLong secondPid = new AtomicLong();
        Future<Room> carolJoins = inBackground(() -> inTransaction(() -> {
            secondPid.set(backendPid());
            Room room = loadRoom.loadRoomForUpdate(created.id()).orElseThrow();
            room.join(carol, "Carol", now());
            saveWithRecords(room);
            return room;
        }));
        awaitWaitingForLock(awaitPid(secondPid));
        assertThat(carolJoins).isNotDone();

        releaseFirst.countDown();
        bobJoins.get(10, TimeUnit.SECONDS);
        Room seenBySecond = carolJoins.get(10, TimeUnit.SECONDS);

        assertThat(seenBySecond.lastSeq()).isEqualTo(3);
        assertThat(seenBySecond.members()).extracting(Member::userId).containsExactly(alice, bob, carol);
        Room loaded = loadRoom.loadRoom(created.id()).orElseThrow();
        assertThat(loaded.members()).containsExactlyElementsOf(seenBySecond.members());
    }

    @Test
    void loadingForUpdateOutsideATransactionIsRefusedBecauseTheLockWouldEndAtOnce() {
        Room created = createRoom(alice);

        assertThatThrownBy(() -> loadRoom.loadRoomForUpdate(created.id())).isInstanceOf(IllegalStateException.class);
    }
}
