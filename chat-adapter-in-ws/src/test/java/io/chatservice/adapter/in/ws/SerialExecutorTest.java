package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksRunOneAtATimeInTheOrderOffered() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var serial = new SerialExecutor(pool, 10_000);
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int task = i;
                assertThat(serial.offer(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    ran.add(task);
                    running.decrementAndGet();
                    done.countDown();
                })).isTrue();
            }

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
            assertThat(maxRunning).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueRefusesMoreUntilItDrains() {
        List<Runnable> handedOver = new ArrayList<>();
        var serial = new SerialExecutor(handedOver::add, 2);

        assertThat(serial.offer(() -> { })).isTrue();
        assertThat(serial.offer(() -> { })).isTrue();
        assertThat(serial.offer(() -> { })).isFalse();

        handedOver.getFirst().run();
        assertThat(serial.queued()).isZero();
        assertThat(serial.offer(() -> { })).isTrue();
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() {
        List<String> ran = new ArrayList<>();
        var serial = new SerialExecutor(Runnable::run, 10);

        serial.offer(() -> {
            throw new IllegalStateException("boom");
        });
        serial.offer(() -> ran.add("after"));

        assertThat(ran).containsExactly("after");
    }
}
