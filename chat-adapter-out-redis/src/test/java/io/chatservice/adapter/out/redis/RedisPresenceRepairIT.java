package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.application.port.out.BroadcastUnavailableException;
import io.chatservice.domain.shared.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * What {@link RedisPresence} does when a connection closes in the middle of a renewal, when Redis fails part of
 * the way, and how much it asks of one script, on the test Redis ({@link TestRedis}) with scripts intercepted.
 * The lease is long and renewals are run by the tests themselves, so no scheduled one interferes.
 */
class RedisPresenceRepairIT {

    private static final Duration LEASE = Duration.ofMinutes(10);

    private static InterceptingRedis redis;
    private static RedisProbe probe;

    private RedisPresence presence;

    @BeforeAll
    static void connect() {
        redis = InterceptingRedis.connect();
        probe = new RedisProbe(TestRedis.host(), TestRedis.port());
    }

    @AfterAll
    static void disconnect() {
        probe.close();
        redis.close();
    }

    @BeforeEach
    void startPresence() {
        redis.interceptScripts((script, keys, proceed) -> proceed.get());
        presence = new RedisPresence(redis, LEASE, "instance-" + UUID.randomUUID());
        presence.start(); // only so that stop() removes every connection a test leaves open
    }

    @AfterEach
    void stopPresence() {
        redis.interceptScripts((script, keys, proceed) -> proceed.get());
        presence.stop();
    }

    @Test
    void aConnectionClosedDuringARenewalIsNeverPutBackEvenWhenAnotherBatchFails() {
        UserId user = newUser();
        String key = RedisPresence.key(user);
        String member = presence.member("c-1");
        presence.connectionOpened(user, "c-1");
        openOneConnectionEach(RedisPresence.USERS_PER_RENEWAL); // a second batch
        AtomicInteger renewals = new AtomicInteger();
        List<Boolean> inRedisAfterItsRenewal = new CopyOnWriteArrayList<>();
        List<Boolean> closeMadeOffline = new CopyOnWriteArrayList<>();
        redis.interceptScripts((script, keys, proceed) -> {
            if (script != RedisPresence.RENEW) {
                return proceed.get();
            }
            int renewal = renewals.incrementAndGet();
            if (keys.contains(key)) {
                // The renewal read c-1 as open; it closes before the renewal reaches Redis.
                closeMadeOffline.add(presence.connectionClosed(user, "c-1"));
                Object missing = proceed.get();
                inRedisAfterItsRenewal.add(probe.leaseExpiry(key, member) != null);
                return missing;
            }
            if (renewal == 2) {
                throw new RedisConnectionFailureException("Redis went away");
            }
            return proceed.get();
        });

        assertThatExceptionOfType(BroadcastUnavailableException.class).isThrownBy(presence::renewLeases);

        assertThat(renewals).as("both batches tried").hasValue(2);
        assertThat(closeMadeOffline).containsExactly(true);
        assertThat(inRedisAfterItsRenewal).as("not even for a moment").containsExactly(false);
        assertThat(probe.presenceMembers(key)).isEmpty();
        redis.interceptScripts((script, keys, proceed) -> proceed.get());
        assertThat(presence.connectionOpened(user, "c-2")).as("a reconnect is online again").isTrue();
        assertThat(presence.onlineAmong(Set.of(user))).containsExactly(user);
    }

    @Test
    void aFailedBatchDoesNotKeepTheOtherBatchesFromBeingRenewed() throws Exception {
        List<UserId> users = openOneConnectionEach(RedisPresence.USERS_PER_RENEWAL + 1);
        Map<UserId, Double> expiries = leaseExpiries(users);
        Thread.sleep(5); // a renewed lease ends later than the first
        AtomicInteger renewals = new AtomicInteger();
        redis.interceptScripts((script, keys, proceed) -> {
            if (script == RedisPresence.RENEW && renewals.incrementAndGet() == 1) {
                throw new RedisConnectionFailureException("Redis went away");
            }
            return proceed.get();
        });

        assertThatExceptionOfType(BroadcastUnavailableException.class).isThrownBy(presence::renewLeases);

        Map<UserId, Double> renewed = leaseExpiries(users);
        long renewedUsers = users.stream().filter(u -> renewed.get(u) > expiries.get(u)).count();
        assertThat(renewedUsers).as("the users of the batch that did not fail")
                .isIn(1L, (long) RedisPresence.USERS_PER_RENEWAL);
    }

    @Test
    void aConnectionRedisLostIsPutBackByTheRenewalAndOneClosedIsNot() {
        UserId user = newUser();
        String key = RedisPresence.key(user);
        presence.connectionOpened(user, "c-1");
        presence.connectionOpened(user, "c-2");
        probe.delete(key); // a Redis restart
        presence.connectionClosed(user, "c-2");

        presence.renewLeases();

        assertThat(probe.presenceMembers(key)).containsExactly(presence.member("c-1"));
        assertThat(probe.millisToLive(key)).isPositive();
        assertThat(presence.connectionClosed(user, "c-1")).isTrue();
    }

    @Test
    void aCloseThatRedisFailedIsRetriedByTheNextRenewal() {
        UserId user = newUser();
        String key = RedisPresence.key(user);
        presence.connectionOpened(user, "c-1");
        redis.interceptScripts((script, keys, proceed) -> {
            if (script == RedisPresence.CLOSE) {
                throw new RedisConnectionFailureException("Redis went away");
            }
            return proceed.get();
        });

        assertThatExceptionOfType(BroadcastUnavailableException.class)
                .isThrownBy(() -> presence.connectionClosed(user, "c-1"));
        assertThat(presence.connectionClosed(user, "c-1")).as("closed already").isFalse();
        assertThat(probe.presenceMembers(key)).containsExactly(presence.member("c-1"));

        redis.interceptScripts((script, keys, proceed) -> proceed.get());
        presence.renewLeases();

        assertThat(probe.presenceMembers(key)).isEmpty();
        assertThat(presence.onlineAmong(Set.of(user))).isEmpty();
        assertThat(presence.connectionOpened(user, "c-2")).as("online again").isTrue();
        presence.renewLeases();
        assertThat(probe.presenceMembers(key)).as("a retried removal is done once").hasSize(1);
    }

    @Test
    void thePresenceOfAHugeRoomIsReadInBoundedScripts() {
        List<UserId> online = openOneConnectionEach(3);
        Set<UserId> asked = new HashSet<>(online);
        while (asked.size() < 2 * RedisPresence.USERS_PER_PRESENCE_READ + 1) {
            asked.add(newUser());
        }
        List<Integer> keysPerRead = new CopyOnWriteArrayList<>();
        redis.interceptScripts((script, keys, proceed) -> {
            if (script == RedisPresence.LIVE_CONNECTIONS) {
                keysPerRead.add(keys.size());
            }
            return proceed.get();
        });

        assertThat(presence.onlineAmong(asked)).containsExactlyInAnyOrderElementsOf(online);

        assertThat(keysPerRead).hasSize(3).allSatisfy(keys ->
                assertThat(keys).isLessThanOrEqualTo(RedisPresence.USERS_PER_PRESENCE_READ));
        assertThat(keysPerRead.stream().mapToInt(Integer::intValue).sum()).isEqualTo(asked.size());
    }

    private List<UserId> openOneConnectionEach(int users) {
        List<UserId> opened = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            UserId user = newUser();
            presence.connectionOpened(user, "c-1");
            opened.add(user);
        }
        return opened;
    }

    private Map<UserId, Double> leaseExpiries(List<UserId> users) {
        Map<UserId, Double> expiries = new HashMap<>();
        users.forEach(user -> expiries.put(user, probe.leaseExpiry(RedisPresence.key(user), presence.member("c-1"))));
        return expiries;
    }

    private static UserId newUser() {
        return UserId.of("it-" + UUID.randomUUID());
    }
}
