package io.chatservice.adapter.out.redis;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ThrottledWarningsTest {

    private final Logger log = mock(Logger.class);
    private final AtomicLong now = new AtomicLong(1_000);
    private final ThrottledWarnings warnings = new ThrottledWarnings(log, Duration.ofMinutes(1), now::get);

    @Test
    void theFirstOfAKindIsLoggedAndRepeatsWithinTheIntervalAreCountedInstead() {
        warnings.warn("Dropped X", "channel a");
        warnings.warn("Dropped X", "channel b");
        warnings.warn("Dropped X", "channel c");
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        warnings.warn("Dropped X", "channel d");

        verify(log).warn("{}: {}", "Dropped X", "channel a");
        verify(log).warn("{}: {} ({} more like it not logged)", "Dropped X", "channel d", 2L);
        verifyNoMoreInteractions(log);
    }

    @Test
    void kindsAreThrottledSeparately() {
        warnings.warn("Dropped X", "channel a");
        warnings.warn("Dropped Y", "channel a");

        verify(log).warn("{}: {}", "Dropped X", "channel a");
        verify(log).warn("{}: {}", "Dropped Y", "channel a");
        verifyNoMoreInteractions(log);
    }
}
