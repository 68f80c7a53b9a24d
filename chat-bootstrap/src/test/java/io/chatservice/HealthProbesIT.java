package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.it.web.ApiResponse;
import io.chatservice.it.web.ApiUser;
import io.chatservice.it.ws.ChatInstance;
import io.chatservice.it.ws.Destinations;
import io.chatservice.it.ws.StompConnection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The health endpoints a load balancer and an orchestrator probe, on an instance ({@code chat.fanout=redis}) whose
 * PostgreSQL and Redis are both reached through proxies the test cuts: readiness follows the database, Redis and
 * the pub/sub connection and comes back with them; liveness never follows them, since restarting a healthy
 * instance cures no outage of a shared dependency. And with {@code chat.fanout=local} there is no Redis in any
 * group at all.
 */
class HealthProbesIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static CuttableTcpProxy redisProxy;
    private static CuttableTcpProxy databaseProxy;
    private static ChatInstance instance;

    @BeforeAll
    static void startAnInstanceBehindProxies() {
        redisProxy = CuttableTcpProxy.to(TestRedis.host(), TestRedis.port());
        URI database = URI.create(TestDatabase.endpoint().url().substring("jdbc:".length()));
        databaseProxy = CuttableTcpProxy.to(database.getHost(), database.getPort());
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("spring.data.redis.host", redisProxy.host());
        overrides.put("spring.data.redis.port", Integer.toString(redisProxy.port()));
        overrides.put("spring.data.redis.timeout", "2s");
        overrides.put("spring.data.redis.connect-timeout", "1s");
        overrides.put("spring.datasource.url", "jdbc:postgresql://" + databaseProxy.host() + ":" + databaseProxy.port()
                + database.getRawPath() + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery()));
        // A health check waits this long for a connection when the database is gone, not Hikari's 30 s.
        overrides.put("spring.datasource.hikari.connection-timeout", "1000");
        instance = ChatInstance.start("health", overrides);
    }

    @AfterAll
    static void stopIt() {
        if (instance != null) {
            instance.close();
        }
        if (redisProxy != null) {
            redisProxy.close();
        }
        if (databaseProxy != null) {
            databaseProxy.close();
        }
    }

    @AfterEach
    void restoreBoth() {
        redisProxy.restore();
        databaseProxy.restore();
    }

    @Test
    void readinessCoversTheDatabaseRedisAndThePubSubConnectionAndLivenessOnlyTheLivenessState() {
        listenToARoom();

        JsonNode readiness = await().atMost(RECOVERY).until(() -> get("/actuator/health/readiness"),
                response -> response.status() == 200).json();
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(componentNames(readiness)).containsExactlyInAnyOrder("readinessState", "db", "redis", "redisPubSub");
        assertThat(readiness.path("components").path("db").has("details")).as("details are not shown").isFalse();

        // Spring Boot's liveness group: the liveness state alone, shown as the status only.
        ApiResponse liveness = get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.text()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void whileRedisIsCutReadinessIsDownWithRedisAndThePubSubConnectionDownAndLivenessStaysUp() {
        listenToARoom();
        awaitReadiness(200);

        redisProxy.cut();
        JsonNode down = awaitReadiness(503);
        assertThat(down.path("status").asString()).isEqualTo("DOWN");
        assertThat(status(down, "redis")).isEqualTo("DOWN");
        assertThat(status(down, "redisPubSub")).as("the listening connection is lost").isEqualTo("DOWN");
        assertThat(status(down, "db")).isEqualTo("UP");
        ApiResponse liveness = get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.text()).isEqualTo("{\"status\":\"UP\"}");

        redisProxy.restore();
        JsonNode up = awaitReadiness(200);
        assertThat(status(up, "redis")).isEqualTo("UP");
        assertThat(status(up, "redisPubSub")).isEqualTo("UP");
    }

    @Test
    void whileTheDatabaseIsCutReadinessIsDownAndLivenessStaysUp() {
        awaitReadiness(200);

        databaseProxy.cut();
        JsonNode down = awaitReadiness(503);
        assertThat(status(down, "db")).isEqualTo("DOWN");
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);

        databaseProxy.restore();
        assertThat(status(awaitReadiness(200), "db")).isEqualTo("UP");
    }

    @Test
    void withLocalFanoutNoGroupHasARedisContributorAndReadinessIsUp() {
        try (ChatInstance local = ChatInstance.start("health-local", Map.of("chat.fanout", "local"))) {
            ApiResponse readiness = local.api().call("GET", "/actuator/health/readiness", null, null);
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(componentNames(readiness.json())).containsExactlyInAnyOrder("readinessState", "db");
            ApiResponse health = local.api().call("GET", "/actuator/health", null, null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(componentNames(health.json())).doesNotContain("redis", "redisPubSub");
        }
    }

    /** Opens the instance's pub/sub connection: it is made for the first room a client of the instance watches. */
    private static void listenToARoom() {
        ApiUser alice = instance.api().newUser("alice");
        String roomId = alice.createRoomWith();
        try (StompConnection connection = instance.stomp().connect(alice.token(), "alice")) {
            connection.subscribe(Destinations.room(roomId));
        }
    }

    private static JsonNode awaitReadiness(int status) {
        return await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/actuator/health/readiness"), response -> response.status() == status)
                .json();
    }

    private static ApiResponse get(String path) {
        return instance.api().call("GET", path, null, null);
    }

    private static String status(JsonNode health, String component) {
        return health.path("components").path(component).path("status").asString();
    }

    private static List<String> componentNames(JsonNode health) {
        return health.path("components").propertyNames().stream().toList();
    }
}
