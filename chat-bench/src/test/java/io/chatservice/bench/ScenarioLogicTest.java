package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The small pieces of bookkeeping the scenarios rest on. */
class ScenarioLogicTest {

    @Test
    void everyRoomHasASenderAndEverySenderARoom() {
        for (int[] shape : new int[][] {{5, 10}, {10, 5}, {1, 7}, {7, 1}, {20, 100}}) {
            int senders = shape[0];
            int rooms = shape[1];
            Set<Integer> covered = new HashSet<>();
            for (int s = 0; s < senders; s++) {
                int[] mine = LoadRun.senderRooms(s, senders, rooms);
                assertThat(mine).isNotEmpty();
                for (int room : mine) {
                    assertThat(room).isBetween(0, rooms - 1);
                    covered.add(room);
                }
            }
            assertThat(covered).hasSize(rooms);
        }
    }

    @Test
    void aSyncThatReturnedEveryMissedMessageOnceIsComplete() {
        SyncRun.Catchup catchup = SyncRun.Catchup.compare(List.of("m1", "m2"), List.of("m1", "m2", "m3"));

        assertThat(catchup).isEqualTo(new SyncRun.Catchup(0, 0, 3));
    }

    @Test
    void aSyncCountsWhatItMissedAndWhatItReturnedTwice() {
        SyncRun.Catchup catchup = SyncRun.Catchup.compare(List.of("m1", "m2", "m3"), List.of("m1", "m1", "m3"));

        assertThat(catchup).isEqualTo(new SyncRun.Catchup(1, 1, 3));
    }

    @Test
    void theBaselineLineIsReadForMessagesPerSecond(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("baseline.out");
        Files.writeString(file, """
                tps = 2306.2 (without initial connection time)
                {"tool":"pgbench","single":{"tps":2306.2,"messagesPerSecond":2306.2},"batched":{"tps":881.7,"messagesPerSecond":8817.2}}
                """);

        Baseline baseline = Baseline.read(file, JsonMapper.builder().build());

        assertThat(baseline.singleMessagesPerSecond()).isEqualTo(2306.2);
        assertThat(baseline.batchedMessagesPerSecond()).isEqualTo(8817.2);
    }

    @Test
    void aBaselineWithoutRatesIsRefused() {
        assertThatThrownBy(() -> Baseline.parse("{\"single\":{}}", "test", JsonMapper.builder().build()))
                .hasMessageContaining("messagesPerSecond");
    }

    @Test
    void procFilesAreReadAsTheKernelWritesThem(@TempDir Path dir) throws IOException {
        Path stat = dir.resolve("stat");
        // A command name with spaces and parentheses must not shift the fields; utime 150 + stime 50 ticks.
        Files.writeString(stat, "4242 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0 30 0 100 0 0\n");
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmRSS:\t  524288 kB\nThreads:\t48\n");

        assertThat(ServerProbe.procCpuNanos(stat)).isEqualTo(200L * 1_000_000_000L / ServerProbe.TICKS_PER_SECOND);
        assertThat(ServerProbe.kilobytes(ServerProbe.procStatus(status).get("VmRSS"))).isEqualTo(512L * 1024 * 1024);
        assertThat(ServerProbe.procStatus(status)).containsEntry("Threads", "48");
    }

    @Test
    void errorKindsAreCountedAndBounded() {
        ErrorCounts errors = new ErrorCounts();
        errors.add("queue/errors RATE_LIMITED");
        errors.add("queue/errors RATE_LIMITED");
        for (int i = 0; i < 100; i++) {
            errors.add("connect failed: port " + i);
        }

        assertThat(errors.total()).isEqualTo(102);
        assertThat(errors.snapshot()).containsEntry("queue/errors RATE_LIMITED", 2L).hasSizeLessThanOrEqualTo(51);
    }

    @Test
    void aSaturateStepRecordsAckAndDeliveryPercentilesAndItsRatesForTheChart() throws Exception {
        org.HdrHistogram.Histogram ack = new org.HdrHistogram.Histogram(LatencyStats.HIGHEST_MICROS, 3);
        org.HdrHistogram.Histogram delivery = new org.HdrHistogram.Histogram(LatencyStats.HIGHEST_MICROS, 3);
        for (int i = 1; i <= 100; i++) {
            ack.recordValue(i * 1_000L);
            delivery.recordValue(i * 2_000L);
        }

        java.util.Map<String, Object> step = LoadRun.stepJson(2000, 10_000_000_000L, 20_000, 19_990, 199_000, 0, ack,
                delivery, java.util.Map.of("serverCpuCores", 1.2), Saturation.SUSTAINED);
        String json = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(
                java.util.Map.of("scenario", "chat", "mode", "saturate", "runId", "r",
                        "saturation", java.util.Map.of("steps", java.util.List.of(step))));
        LatencyChart.Point point = LatencyChart.read(java.util.List.of(json), "chat", Set.of(), tools.jackson.databind.json.JsonMapper.builder().build())
                .points().get(0);

        assertThat(step).containsEntry("sendsPerSec", 2000.0).containsEntry("acksPerSec", 1999.0)
                .containsEntry("deliveriesPerSec", 19900.0).containsKey("cpu");
        assertThat(point.offeredPerSec()).isEqualTo(2000.0);
        assertThat(point.ms()).containsExactly(new double[] {50, 90, 99, 100, 180, 198}, org.assertj.core.api.Assertions.within(0.2));
    }
}
