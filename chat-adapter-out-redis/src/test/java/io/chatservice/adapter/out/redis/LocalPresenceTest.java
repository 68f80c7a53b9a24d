package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LocalPresenceTest {

    private static final UserId BOB = UserId.of("bob");
    private static final UserId CAROL = UserId.of("carol");

    private final LocalPresence presence = new LocalPresence();

    @Test
    void theFirstOpenConnectionMakesTheUserOnlineAndASecondChangesNothing() {
        assertThat(presence.connectionOpened(BOB, "c-1")).isTrue();
        assertThat(presence.connectionOpened(BOB, "c-2")).isFalse();

        assertThat(presence.onlineAmong(Set.of(BOB, CAROL))).containsExactly(BOB);
    }

    @Test
    void closingANonLastConnectionKeepsTheUserOnlineAndClosingTheLastMakesThemOffline() {
        presence.connectionOpened(BOB, "c-1");
        presence.connectionOpened(BOB, "c-2");

        assertThat(presence.connectionClosed(BOB, "c-1")).isFalse();
        assertThat(presence.onlineAmong(Set.of(BOB))).containsExactly(BOB);
        assertThat(presence.connectionClosed(BOB, "c-2")).isTrue();
        assertThat(presence.onlineAmong(Set.of(BOB))).isEmpty();
    }

    @Test
    void closingAConnectionThatIsNotOpenChangesNothing() {
        assertThat(presence.connectionClosed(BOB, "never-opened")).isFalse();

        presence.connectionOpened(BOB, "c-1");
        assertThat(presence.connectionClosed(BOB, "other")).isFalse();
        assertThat(presence.connectionClosed(BOB, "c-1")).isTrue();
        assertThat(presence.connectionClosed(BOB, "c-1")).isFalse();
        assertThat(presence.onlineAmong(Set.of(BOB))).isEmpty();
    }

    @Test
    void aUserCanComeOnlineAgainAfterGoingOffline() {
        presence.connectionOpened(BOB, "c-1");
        presence.connectionClosed(BOB, "c-1");

        assertThat(presence.connectionOpened(BOB, "c-1")).isTrue();
    }

    @Test
    void nobodyAskedAboutIsNobodyOnline() {
        presence.connectionOpened(BOB, "c-1");

        assertThat(presence.onlineAmong(Set.of())).isEmpty();
    }

    @Test
    void ofManyConnectionsOpenedAndClosedAtOnceExactlyOneReportsEachTransition() throws Exception {
        int connections = 16;
        List<Boolean> opened = allAtOnce(connections, i -> presence.connectionOpened(BOB, "c-" + i));
        List<Boolean> closed = allAtOnce(connections, i -> presence.connectionClosed(BOB, "c-" + i));

        assertThat(opened).containsOnlyOnce(true);
        assertThat(closed).containsOnlyOnce(true);
        assertThat(presence.onlineAmong(Set.of(BOB))).isEmpty();
    }

    private interface Step {
        boolean run(int index);
    }

    private static List<Boolean> allAtOnce(int count, Step step) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Boolean> call = () -> {
                    start.await();
                    return step.run(index);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Boolean> values = new ArrayList<>();
            for (Future<Boolean> result : results) {
                values.add(result.get());
            }
            return values;
        }
    }
}
