package io.chatservice;

import io.chatservice.application.port.out.BroadcastUnavailableException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * How failures of {@code @Async} methods (the after-commit relays) are logged. A relay that cannot reach Redis is
 * an expected, recoverable outcome: its publication stays incomplete and is resubmitted. Logged with a stack trace
 * at ERROR for every event, a Redis outage would flood the log; it gets one WARN line instead, at most once per
 * {@link #QUIET_PERIOD}, counting the ones in between. Anything else is unexpected and keeps its ERROR and stack.
 */
@Configuration(proxyBeanMethods = false)
class AsyncFailureLogging implements AsyncConfigurer {

    static final Duration QUIET_PERIOD = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(AsyncFailureLogging.class);

    private final Clock clock;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * Not the application's {@code Clock} bean: an {@code AsyncConfigurer} is created while the bean post-processors
     * are, before other beans should be.
     */
    AsyncFailureLogging() {
        this(Clock.systemUTC());
    }

    AsyncFailureLogging(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return this::handle;
    }

    void handle(Throwable failure, Method method, Object... params) {
        if (failure instanceof BroadcastUnavailableException unavailable) {
            warnThrottled(method, unavailable);
            return;
        }
        log.error("Unexpected failure in {}.{}", method.getDeclaringClass().getSimpleName(), method.getName(), failure);
    }

    private void warnThrottled(Method method, BroadcastUnavailableException failure) {
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        if (now.isBefore(last.plus(QUIET_PERIOD)) || !lastWarning.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long since = suppressed.getAndSet(0);
        log.warn("{}.{} could not broadcast; the event publication stays incomplete and will be resubmitted ({}; {} more"
                + " such failures since the last warning)", method.getDeclaringClass().getSimpleName(), method.getName(),
                failure.getMessage(), since);
    }

    /** Failures not logged since the last warning; for tests. */
    long suppressedCount() {
        return suppressed.get();
    }
}
