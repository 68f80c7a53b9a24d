package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

/**
 * The Redis connection pool's {@code max-wait} (application.yml) keeps a borrower that finds the pool full while
 * connections are being made parked, not spinning: commons-pool2 busy-waits in that case when the wait is unbounded,
 * and on virtual threads the spinners can starve the very threads that would end the wait.
 */
class RedisPoolWaitTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void theConfiguredWaitIsBounded() {
        assertThat(configuredMaxWait()).isPositive();
    }

    @Test
    void withTheConfiguredWaitABorrowerOfAFullPoolSleeps() throws Exception {
        assertThat(cpuWhileBlockedBehindACreation(configuredMaxWait())).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void withAnUnboundedWaitItSpins() throws Exception {
        // What the configuration guards against; if a commons-pool2 upgrade stops spinning, this fails and the
        // comment in application.yml can go.
        assertThat(cpuWhileBlockedBehindACreation(Duration.ofMillis(-1))).isGreaterThan(Duration.ofMillis(200));
    }

    private static Duration configuredMaxWait() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String value = Objects.requireNonNull(yaml.getObject()).getProperty("spring.data.redis.lettuce.pool.max-wait");
        assertThat(value).as("spring.data.redis.lettuce.pool.max-wait").isNotNull();
        return DurationStyle.detectAndParse(value);
    }

    /** CPU a second borrower uses in 500 ms while the pool's only connection is still being made. */
    private static Duration cpuWhileBlockedBehindACreation(Duration maxWait) throws Exception {
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var config = new GenericObjectPoolConfig<Object>();
        config.setMaxTotal(1);
        config.setMaxWait(maxWait);
        try (var pool = new GenericObjectPool<>(new BasePooledObjectFactory<Object>() {
            @Override
            public Object create() throws Exception {
                creating.countDown();
                release.await();
                return new Object();
            }

            @Override
            public PooledObject<Object> wrap(Object object) {
                return new DefaultPooledObject<>(object);
            }
        }, config)) {
            Thread first = Thread.ofPlatform().start(() -> borrowQuietly(pool));
            assertThat(creating.await(5, TimeUnit.SECONDS)).isTrue();
            Thread second = Thread.ofPlatform().start(() -> borrowQuietly(pool));
            Thread.sleep(50);
            long before = THREADS.getThreadCpuTime(second.threadId());
            Thread.sleep(500);
            long used = THREADS.getThreadCpuTime(second.threadId()) - before;
            release.countDown();
            first.join(5_000);
            second.join(5_000);
            return Duration.ofNanos(used);
        }
    }

    private static void borrowQuietly(GenericObjectPool<Object> pool) {
        try {
            pool.returnObject(pool.borrowObject());
        } catch (Exception timedOut) {
            // the bounded wait may give up; only the CPU spent meanwhile matters here
        }
    }
}
