package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayPublishOrderTest {

    private final RelayPublishOrder order = new RelayPublishOrder();
    private final List<Integer> published = Collections.synchronizedList(new ArrayList<>());

    private Runnable relay(int number) {
        return order.decorate(() -> order.publishInTurn(() -> published.add(number)));
    }

    @Test
    void relaysPublishInTheOrderTheyWereHandedOverWhateverOrderTheyRunIn() throws InterruptedException {
        List<Runnable> relays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            relays.add(relay(i));
        }
        List<Thread> threads = new ArrayList<>();
        for (Runnable relay : relays.reversed()) {
            threads.add(Thread.ofPlatform().start(relay));
            Thread.sleep(20); // the later relays are running (and waiting) before the earlier ones start
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(5));
        }

        assertThat(published).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aRelayThatEndsWithoutPublishingGivesUpItsTurn() throws InterruptedException {
        Runnable failing = order.decorate(() -> {
            throw new IllegalStateException("the outbox could not be updated");
        });
        Runnable next = relay(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            next.run();
            done.countDown();
        });
        Thread.sleep(50);
        assertThat(published).as("waits for the earlier relay").isEmpty();

        Thread.ofPlatform().start(failing).join();

        assertThat(done.await(500, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(published).containsExactly(1);
    }

    @Test
    void aRelayThatNeverRunsHoldsTheOthersUpOnlyForTheLongestWait() {
        order.decorate(() -> { }); // handed over, then refused by the executor: never run
        Runnable next = relay(1);

        long started = System.nanoTime();
        next.run();

        assertThat(published).containsExactly(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(RelayPublishOrder.MAX_WAIT)
                .isLessThan(RelayPublishOrder.MAX_WAIT.multipliedBy(3));
    }

    @Test
    void aRelayRunOutsideTheExecutorPublishesAtOnce() {
        order.decorate(() -> { }); // an earlier relay that never runs

        order.publishInTurn(() -> published.add(7));

        assertThat(published).containsExactly(7);
    }
}
