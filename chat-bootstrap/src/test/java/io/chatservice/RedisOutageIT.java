package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.it.web.ApiUser;
import io.chatservice.it.ws.ChatInstance;
import io.chatservice.it.ws.Destinations;
import io.chatservice.it.ws.ReceivedFrame;
import io.chatservice.it.ws.RedisChannels;
import io.chatservice.it.ws.StompConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Redis goes away while a message is sent: the message is still committed and acknowledged, its publication
 * stays incomplete, and once Redis is back the registry's retry (the service's own outbox maintenance) delivers
 * it to the subscriber, or, if the subscriber was told its subscription ended, sync finds it. The instance talks
 * to Redis through a proxy the test cuts; the rest of the test suite keeps its Redis.
 */
class RedisOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(RedisOutageIT.class);
    private static final Duration RECOVERY = Duration.ofSeconds(40);

    private static CuttableTcpProxy proxy;
    private static ChatInstance instance;
    private static RedisChannels redis;

    private final List<StompConnection> opened = new ArrayList<>();

    @BeforeAll
    static void startAnInstanceBehindTheProxy() {
        proxy = CuttableTcpProxy.to(TestRedis.host(), TestRedis.port());
        instance = ChatInstance.start("behind-proxy", Map.of(
                "spring.data.redis.host", proxy.host(),
                "spring.data.redis.port", Integer.toString(proxy.port()),
                // Fail fast while Redis is away, rather than after Lettuce's default minute.
                "spring.data.redis.timeout", "2s",
                "spring.data.redis.connect-timeout", "1s"));
        redis = RedisChannels.ofTestRedis();
    }

    @AfterAll
    static void stopIt() {
        if (redis != null) {
            redis.close();
        }
        if (instance != null) {
            instance.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterEach
    void closeConnections() {
        proxy.restore();
        opened.forEach(StompConnection::close);
    }

    @Test
    void aMessageSentWhileRedisIsDownIsAcknowledgedKeptAndDeliveredOnceRedisIsBack() {
        ApiUser alice = instance.api().newUser("alice");
        ApiUser bob = instance.api().newUser("bob");
        String roomId = alice.createRoomWith(bob);
        StompConnection alices = connect(alice);
        StompConnection bobs = connect(bob);
        bobs.subscribe(Destinations.room(roomId));
        ReceivedFrame before = alices.sendAndAwaitAck(roomId, "c-before", "before the outage");
        bobs.event(roomId, "MESSAGE_SENT", before.messageId());
        assertThat(redis.subscribers(roomId)).as("the instance listens to the room through the proxy").isEqualTo(1);

        proxy.cut();
        StompConnection.Receipt receipt = alices.sendMessage(roomId, "c-during", "while Redis is down");
        ReceivedFrame ack = alices.ack("c-during");
        receipt.await();

        assertThat(ack.field("status")).isEqualTo("ACCEPTED");
        String messageId = ack.messageId();
        assertThat(alice.message(roomId, messageId).path("content").stringValue()).isEqualTo("while Redis is down");
        awaitPublications(messageId, "a failed, incomplete publication",
                "status = 'FAILED' and completion_date is null", Duration.ofSeconds(20));

        proxy.restore();
        redis.awaitSubscribers(roomId, count -> count == 1, "the instance listening again", RECOVERY);
        Predicate<ReceivedFrame> theMissedEvent =
                frame -> "MESSAGE_SENT".equals(frame.field("type")) && messageId.equals(frame.messageId());
        Optional<ReceivedFrame> delivered = retryUntilDelivered(bobs, roomId, theMissedEvent);

        if (delivered.isPresent()) {
            LOG.info("RedisOutageIT: the missed event was delivered live by the registry's retry");
            assertThat(delivered.get().seq()).isEqualTo(ack.seq());
        } else {
            // Only acceptable if bob was told: his connection or his subscription ended, so a client resyncs.
            assertThat(!bobs.isConnected() || !bobs.pending(StompConnection.ERRORS).isEmpty())
                    .as("bob got neither the missed event nor word that his subscription ended; errors %s",
                            bobs.pending(StompConnection.ERRORS))
                    .isTrue();
            LOG.info("RedisOutageIT: the subscription was lost ({}); recovering by sync",
                    bobs.isConnected() ? bobs.pending(StompConnection.ERRORS) : "connection closed");
            bobs = connect(bob);
            bobs.subscribe(Destinations.room(roomId));
            JsonNode synced = bob.sync(roomId, "after=" + before.messageId());
            assertThat(synced.path("messages").valueStream().map(message -> message.path("messageId").stringValue()))
                    .contains(messageId);
        }
        awaitPublications(messageId, "a completed publication", "completion_date is not null", Duration.ofSeconds(15));
        assertThat(countPublications(messageId, "completion_date is null")).as("incomplete publications").isZero();

        // Fan-out is back for what comes next, and the retries repeated nothing to bob.
        ReceivedFrame after = alices.sendAndAwaitAck(roomId, "c-after", "after the outage");
        assertThat(bobs.through(Destinations.room(roomId), frame -> after.messageId().equals(frame.messageId()),
                "the message after the outage")).hasSize(1);
    }

    private Optional<ReceivedFrame> retryUntilDelivered(
            StompConnection subscriber, String roomId, Predicate<ReceivedFrame> event) {
        EventPublicationMaintenance maintenance = instance.bean(EventPublicationMaintenance.class);
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (System.nanoTime() < deadline && subscriber.isConnected()) {
            // What the scheduled maintenance does, without waiting for its schedule or for the publication to age.
            maintenance.resubmitOlderThan(Duration.ZERO);
            Optional<ReceivedFrame> delivered = subscriber.poll(Destinations.room(roomId), event, Duration.ofSeconds(3));
            if (delivered.isPresent()) {
                return delivered;
            }
        }
        return Optional.empty();
    }

    private void awaitPublications(String messageId, String what, String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (countPublications(messageId, condition) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " of message " + messageId + " within " + timeout
                        + "; publications: " + publications(messageId));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private long countPublications(String messageId, String condition) {
        return jdbc().queryForObject(
                "select count(*) from event_publication where serialized_event like ? and " + condition,
                Long.class, "%" + messageId + "%");
    }

    private List<Map<String, Object>> publications(String messageId) {
        return jdbc().queryForList(
                "select listener_id, status, completion_attempts, completion_date from event_publication"
                        + " where serialized_event like ?", "%" + messageId + "%");
    }

    private JdbcTemplate jdbc() {
        return instance.bean(JdbcTemplate.class);
    }

    private StompConnection connect(ApiUser user) {
        StompConnection connection = instance.stomp().connect(user.token(), user.id());
        opened.add(connection);
        return connection;
    }
}
