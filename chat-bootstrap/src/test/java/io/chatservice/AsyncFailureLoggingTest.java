package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.application.testing.MutableClock;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AsyncFailureLoggingTest {

    private final MutableClock clock = new MutableClock();
    private final AsyncFailureLogging logging = new AsyncFailureLogging(clock);
    private final Method relay = relayMethod();

    @Test
    void aRedisOutageIsOneWarningPerQuietPeriodWithoutAStackTrace(CapturedOutput output) {
        for (int i = 0; i < 50; i++) {
            logging.handle(unavailable(), relay, "event");
        }

        assertThat(output.getOut().lines().filter(line -> line.contains("could not broadcast")).count()).isEqualTo(1);
        assertThat(output.getOut()).doesNotContain("\tat ").doesNotContain("ERROR");
        assertThat(logging.suppressedCount()).isEqualTo(49);

        clock.advance(AsyncFailureLogging.QUIET_PERIOD);
        logging.handle(unavailable(), relay, "event");

        assertThat(output.getOut()).contains("49 more such failures since the last warning");
        assertThat(logging.suppressedCount()).isZero();
    }

    @Test
    void anythingElseIsAnErrorWithItsStackTrace(CapturedOutput output) {
        logging.handle(new IllegalStateException("bug"), relay, "event");

        assertThat(output.getOut()).contains("ERROR").contains("Unexpected failure in").contains("IllegalStateException: bug");
    }

    private static BroadcastUnavailableException unavailable() {
        return new BroadcastUnavailableException("Redis down", new IllegalStateException("connection refused"));
    }

    private static Method relayMethod() {
        try {
            return Object.class.getMethod("toString");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
