package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.in.Caller;
import io.chatservice.domain.shared.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;

class ConnectionPresenceTest {

    private static final Caller ALICE = new Caller(UserId.of("alice"), "Alice");

    private final List<Runnable> queued = new ArrayList<>();
    private final RecordingPresence use = new RecordingPresence();
    private final ConnectionPresence presence = new ConnectionPresence(use, queued::add, System::nanoTime);

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.removeFirst().run();
        }
    }

    @Test
    void whileBroadcastsAreUnavailableFailuresAreWarnedAtMostOncePerIntervalWithTheCountOfTheOthers() {
        AtomicLong nanoTime = new AtomicLong();
        var throttled = new ConnectionPresence(use, queued::add, nanoTime::get);
        use.failing = true;
        Logger logger = (Logger) LoggerFactory.getLogger(ConnectionPresence.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int i = 0; i < 5; i++) {
                throttled.opened("s" + i, ALICE);
                throttled.closed("s" + i);
            }
            runQueued();
            assertThat(use.calls()).hasSize(10);
            assertThat(warnings(logged)).singleElement().asString().contains("0 more like it not logged");

            nanoTime.addAndGet(ConnectionPresence.WARNING_INTERVAL.toNanos() - 1);
            throttled.opened("s5", ALICE);
            runQueued();
            assertThat(warnings(logged)).hasSize(1);

            nanoTime.addAndGet(1);
            throttled.opened("s6", ALICE);
            runQueued();
            assertThat(warnings(logged)).hasSize(2).last().asString().contains("10 more like it not logged");
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void anOpenAndItsCloseRunOnTheExecutorNotOnTheCallingThread() {
        presence.opened("s1", ALICE);
        presence.closed("s1");

        assertThat(use.calls()).isEmpty();
        runQueued();
        assertThat(use.calls()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void aSessionIsClosedExactlyOnceHoweverOftenItsEndIsReported() {
        presence.opened("s1", ALICE);
        runQueued();

        presence.closed("s1");
        presence.closed("s1");
        runQueued();
        presence.closed("s1");
        runQueued();

        assertThat(use.calls()).containsExactly("opened alice s1", "closed alice s1");
        assertThat(presence.count()).isZero();
    }

    @Test
    void aCloseReportedWhileTheOpenIsStillQueuedRunsAfterTheOpen() {
        presence.opened("s1", ALICE);
        presence.closed("s1");
        assertThat(queued).hasSize(1);

        runQueued();

        assertThat(use.calls()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void aSecondOpenOfTheSameSessionIsIgnored() {
        presence.opened("s1", ALICE);
        presence.opened("s1", ALICE);
        presence.closed("s1");
        runQueued();

        assertThat(use.calls()).containsExactly("opened alice s1", "closed alice s1");
    }

    @Test
    void aSessionNeverOpenedIsNeverClosed() {
        presence.closed("s1");
        runQueued();

        assertThat(use.calls()).isEmpty();
    }

    @Test
    void failuresAreSwallowedAndTheCloseStillBalancesAFailedOpen() {
        use.failing = true;

        presence.opened("s1", ALICE);
        runQueued();
        presence.closed("s1");
        runQueued();

        assertThat(use.calls()).containsExactly("opened alice s1", "closed alice s1");
        assertThat(presence.count()).isZero();
    }

    @Test
    void anOpenTheExecutorRefusesIsNeverClosed() {
        var refusing = new ConnectionPresence(use, task -> {
            throw new RejectedExecutionException("shutting down");
        }, System::nanoTime);

        refusing.opened("s1", ALICE);
        refusing.closed("s1");

        assertThat(use.calls()).isEmpty();
        assertThat(refusing.count()).isZero();
    }

    @Test
    void sessionsOfTheSameUserAreOpenedAndClosedEachOnItsOwn() {
        presence.opened("s1", ALICE);
        presence.opened("s2", ALICE);
        runQueued();
        presence.closed("s2");
        runQueued();

        assertThat(use.calls()).containsExactly("opened alice s1", "opened alice s2", "closed alice s2");
        assertThat(presence.count()).isOne();
    }
}
