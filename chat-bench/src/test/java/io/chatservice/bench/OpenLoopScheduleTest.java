package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void theKthSendIsDueAtStartPlusKOverRate() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_000, 200);

        assertThat(schedule.intendedNanos(0)).isEqualTo(1_000);
        assertThat(schedule.intendedNanos(1)).isEqualTo(1_000 + 5_000_000);
        assertThat(schedule.intendedNanos(200)).isEqualTo(1_000 + 1_000_000_000);
        assertThat(schedule.dueBefore(1_000)).isZero();
        assertThat(schedule.dueBefore(1_000 + 1_000_000_000)).isEqualTo(200);
        assertThat(schedule.dueBefore(1_000 + 1_000_000_001)).isEqualTo(201);
    }

    @Test
    void aSlowDispatchDoesNotMoveTheIntendedTimesOfTheSendsAfterIt() {
        long start = System.nanoTime();
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, 1_000);
        List<Long> intended = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();

        long next = schedule.run(start + TimeUnit.MILLISECONDS.toNanos(10), 40, (sequence, intendedNanos) -> {
            sequences.add(sequence);
            intended.add(intendedNanos);
            if (sequence == 40) {
                // The first send stalls for 5 periods: a closed loop would now send 5 ms late for ever after.
                sleep(5);
            }
        });

        assertThat(next).isEqualTo(50);
        assertThat(sequences).hasSize(10).first().isEqualTo(40L);
        for (int k = 0; k < intended.size(); k++) {
            assertThat(intended.get(k)).isEqualTo(start + k * 1_000_000L);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
