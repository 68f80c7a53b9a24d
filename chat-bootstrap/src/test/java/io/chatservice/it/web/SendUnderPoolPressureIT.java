package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many more concurrent senders than the database pool has connections (20): every send is answered 201, none
 * times out, and every committed event's publication is completed, i.e. the after-commit relays never wait on
 * the very connections the committing threads hold.
 */
class SendUnderPoolPressureIT extends RestApiTest {

    private static final int SENDERS = 60;
    private static final int SENDS_EACH = 5;

    @Autowired JdbcTemplate jdbc;

    @Test
    void manyConcurrentSendersAreAllAnsweredAndEveryEventIsRelayed() throws Exception {
        ApiUser owner = api.newUser("owner");
        List<String> rooms = List.of(owner.createRoomWith(), owner.createRoomWith(), owner.createRoomWith());
        List<ApiUser> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            ApiUser sender = api.newUser("sender");
            rooms.forEach(room -> owner.addMember(room, sender));
            senders.add(sender);
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> runs = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            ApiUser sender = senders.get(s);
            String room = rooms.get(s % rooms.size());
            runs.add(pool.submit(() -> {
                start.await();
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < SENDS_EACH; i++) {
                    statuses.add(sender.trySend(room, "c-" + i, "under pressure " + i).status());
                }
                return statuses;
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<List<Integer>> run : runs) {
            statuses.addAll(run.get(3, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertThat(statuses).hasSize(SENDERS * SENDS_EACH).containsOnly(201);
        for (String room : rooms) {
            assertThat(owner.lastSeq(room)).isEqualTo(1 + SENDERS + (long) SENDERS / rooms.size() * SENDS_EACH);
            awaitAllPublicationsCompleted(room);
        }
    }

    private void awaitAllPublicationsCompleted(String roomId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long incomplete = -1;
        while (System.nanoTime() < deadline) {
            incomplete = jdbc.queryForObject(
                    "select count(*) from event_publication where serialized_event like ? and completion_date is null",
                    Long.class, "%" + roomId + "%");
            if (incomplete == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(incomplete + " publications of room " + roomId + " still incomplete after 60 s");
    }
}
