package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances sharing the test Redis ({@link TestRedis}) count one user's connections together. Leases are a
 * second long here, renewed every third of it, so that expiry can be watched. Every test uses users of its own:
 * the Redis may be shared.
 */
class PresenceIT {

    private static final Duration LEASE = Duration.ofSeconds(1);

    private static FanoutInstance a;
    private static FanoutInstance b;
    private static RedisProbe redis;

    @BeforeAll
    static void startInstances() {
        a = startInstance();
        b = startInstance();
        redis = new RedisProbe(TestRedis.host(), TestRedis.port());
    }

    @AfterAll
    static void stopInstances() {
        redis.close();
        b.close();
        a.close();
    }

    @Test
    void aUserIsOnlineWhileAnyInstanceHoldsOneOfTheirConnections() {
        UserId user = newUser();
        UserId nobody = newUser();

        assertThat(a.presence().connectionOpened(user, "c-1")).isTrue();
        assertThat(b.presence().connectionOpened(user, "c-1")).as("same connection id, other instance").isFalse();
        assertThat(a.presence().onlineAmong(Set.of(user, nobody))).containsExactly(user);
        assertThat(b.presence().onlineAmong(Set.of(user, nobody))).containsExactly(user);

        assertThat(a.presence().connectionClosed(user, "c-1")).isFalse();
        assertThat(b.presence().onlineAmong(Set.of(user))).containsExactly(user);
        assertThat(b.presence().connectionClosed(user, "c-1")).isTrue();

        assertThat(a.presence().onlineAmong(Set.of(user))).isEmpty();
        assertThat(b.presence().onlineAmong(Set.of(user))).isEmpty();
        assertThat(redis.millisToLive(RedisPresence.key(user))).as("the emptied set is gone").isEqualTo(-2);
    }

    @Test
    void closingAConnectionThatIsNotOpenChangesNothing() {
        UserId user = newUser();
        a.presence().connectionOpened(user, "c-1");

        assertThat(b.presence().connectionClosed(user, "c-1")).as("open on the other instance only").isFalse();
        assertThat(a.presence().connectionClosed(user, "c-2")).isFalse();
        assertThat(a.presence().onlineAmong(Set.of(user))).containsExactly(user);
        assertThat(a.presence().connectionClosed(user, "c-1")).isTrue();
        assertThat(a.presence().connectionClosed(user, "c-1")).isFalse();
    }

    @Test
    void askingAboutNobodyAnswersNobody() {
        assertThat(a.presence().onlineAmong(Set.of())).isEmpty();
    }

    @Test
    void leasesOfOpenConnectionsAreRenewedAndTheSetExpiresAfterTwoLeasesWithoutRenewal() throws Exception {
        UserId user = newUser();
        a.presence().connectionOpened(user, "c-1");

        Thread.sleep(LEASE.multipliedBy(3).toMillis());

        assertThat(b.presence().onlineAmong(Set.of(user))).containsExactly(user);
        assertThat(redis.millisToLive(RedisPresence.key(user))).isBetween(1L, LEASE.multipliedBy(2).toMillis());
        assertThat(a.presence().connectionClosed(user, "c-1")).isTrue();
    }

    @Test
    void theConnectionsOfAnInstanceThatStoppedRenewingStopCountingWhenTheirLeasesExpire() {
        UserId user = newUser();
        String key = RedisPresence.key(user);
        // As a crashed instance leaves it: a live lease that nobody renews or removes.
        redis.addPresenceMember(key, "crashed-instance:c-1", redis.nowMillis() + 500);
        assertThat(a.presence().onlineAmong(Set.of(user))).containsExactly(user);

        await().atMost(Duration.ofSeconds(3)).until(() -> a.presence().onlineAmong(Set.of(user)).isEmpty());

        assertThat(b.presence().connectionOpened(user, "c-1")).as("online again, not still online").isTrue();
        assertThat(redis.presenceMembers(key)).as("the expired member is swept").hasSize(1);
        assertThat(b.presence().connectionClosed(user, "c-1")).isTrue();
    }

    @Test
    void anExpiredMemberDoesNotKeepAUserOnlineWhoseLastConnectionCloses() {
        UserId user = newUser();
        redis.addPresenceMember(RedisPresence.key(user), "crashed-instance:c-1", redis.nowMillis() - 1);

        assertThat(a.presence().onlineAmong(Set.of(user))).isEmpty();
        assertThat(a.presence().connectionOpened(user, "c-1")).isTrue();
        assertThat(a.presence().connectionClosed(user, "c-1")).isTrue();
    }

    @Test
    void anInstanceThatShutsDownRemovesItsConnections() {
        UserId user = newUser();
        FanoutInstance stopping = startInstance();
        try (stopping) {
            assertThat(stopping.presence().connectionOpened(user, "c-1")).isTrue();
            assertThat(a.presence().connectionOpened(user, "c-1")).isFalse();
        }

        assertThat(redis.presenceMembers(RedisPresence.key(user))).hasSize(1);
        assertThat(a.presence().connectionClosed(user, "c-1")).isTrue();
        assertThat(b.presence().onlineAmong(Set.of(user))).isEmpty();
    }

    private static FanoutInstance startInstance() {
        Map<String, String> properties = new HashMap<>(TestRedis.properties());
        properties.put("chat.presence.lease", LEASE.toString());
        return FanoutInstance.start(properties);
    }

    private static UserId newUser() {
        return UserId.of("it-" + UUID.randomUUID());
    }
}
