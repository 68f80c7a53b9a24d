package io.chatservice.adapter.out.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;

/**
 * The Redis that integration tests run against, chosen once per JVM, the first time a test asks for it:
 * <ol>
 *   <li>the Redis named by the environment variables {@code SPRING_DATA_REDIS_HOST} (and {@code SPRING_DATA_REDIS_PORT},
 *       default 6379, and {@code SPRING_DATA_REDIS_PASSWORD}), when the host is set;</li>
 *   <li>otherwise a Testcontainers Redis ({@value #CONTAINER_IMAGE}), when a Docker engine answers;</li>
 *   <li>otherwise a {@code redis-server} from the {@code PATH}, started on a free port and stopped when the JVM
 *       exits ({@link LocalRedisServer});</li>
 *   <li>otherwise an embedded Redis (the binary shipped in embedded-redis), on a free port;</li>
 *   <li>otherwise every test that asks fails, saying which variables to set.</li>
 * </ol>
 *
 * <p>Usage, in any {@code @SpringBootTest}:
 * <pre>{@code
 * @DynamicPropertySource
 * static void redis(DynamicPropertyRegistry registry) {
 *     TestRedis.registerProperties(registry);
 * }
 * }</pre>
 * Code that starts an application itself (two instances through {@code SpringApplicationBuilder}) passes
 * {@link #properties()} instead.
 *
 * <p>The environment's Redis is shared with other test runs: use fresh random room ids, never flush it, and never
 * stop it. A test that needs Redis to go away starts a {@link LocalRedisServer} of its own.
 */
public final class TestRedis {

    static final String CONTAINER_IMAGE = "redis:7";

    private static final Logger LOG = LoggerFactory.getLogger(TestRedis.class);

    private TestRedis() {
    }

    /** Where Redis is; {@code source} says which of the sources it is, for logs. */
    public record Endpoint(String source, String host, int port, @Nullable String password) {
    }

    /** The Redis of this JVM, started on first use. */
    public static Endpoint endpoint() {
        Endpoint endpoint = Chosen.ENDPOINT;
        if (endpoint == null) {
            throw new IllegalStateException("No Redis for the tests: set SPRING_DATA_REDIS_HOST (and"
                    + " SPRING_DATA_REDIS_PORT, SPRING_DATA_REDIS_PASSWORD) to a running Redis, start a Docker"
                    + " engine for Testcontainers, or put redis-server on the PATH");
        }
        return endpoint;
    }

    public static String host() {
        return endpoint().host();
    }

    public static int port() {
        return endpoint().port();
    }

    /** Points the Spring context under test at {@link #endpoint()}. */
    public static void registerProperties(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The Spring properties that {@link #registerProperties} sets. */
    public static Map<String, String> properties() {
        Endpoint endpoint = endpoint();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.data.redis.host", endpoint.host());
        properties.put("spring.data.redis.port", Integer.toString(endpoint.port()));
        if (endpoint.password() != null) {
            properties.put("spring.data.redis.password", endpoint.password());
        }
        return Map.copyOf(properties);
    }

    /** The JVM initializes this holder once, on first access, and lets no other thread see it half done. */
    private static final class Chosen {

        static final @Nullable Endpoint ENDPOINT = choose();

        /** A source that fails to start is logged and the next one tried; never throws, or the class is lost. */
        private static @Nullable Endpoint choose() {
            Endpoint endpoint = fromEnvironment();
            if (endpoint == null && dockerAnswers()) {
                endpoint = tryStarting("a Testcontainers Redis", TestRedis::startContainer);
            }
            if (endpoint == null && LocalRedisServer.binary().isPresent()) {
                endpoint = tryStarting("redis-server from the PATH", () -> {
                    LocalRedisServer server = LocalRedisServer.startOnFreePort();
                    return new Endpoint("redis-server from the PATH", server.host(), server.port(), null);
                });
            }
            if (endpoint == null) {
                endpoint = tryStarting("an embedded Redis", TestRedis::startEmbedded);
            }
            if (endpoint != null) {
                LOG.info("Tests use {}: {}:{}", endpoint.source(), endpoint.host(), endpoint.port());
            }
            return endpoint;
        }

        private static @Nullable Endpoint tryStarting(String what, Supplier<Endpoint> start) {
            try {
                return start.get();
            } catch (RuntimeException e) {
                LOG.warn("Could not start {} for the tests", what, e);
                return null;
            }
        }
    }

    private static @Nullable Endpoint fromEnvironment() {
        String host = System.getenv("SPRING_DATA_REDIS_HOST");
        if (host == null || host.isBlank()) {
            return null;
        }
        String port = System.getenv("SPRING_DATA_REDIS_PORT");
        String password = System.getenv("SPRING_DATA_REDIS_PASSWORD");
        return new Endpoint(
                "the Redis from SPRING_DATA_REDIS_HOST",
                host,
                port == null || port.isBlank() ? 6379 : Integer.parseInt(port.strip()),
                password == null || password.isEmpty() ? null : password);
    }

    /**
     * The last resort, so that {@code ./mvnw verify} needs nothing installed: a {@code redis-server} binary that
     * embedded-redis ships for Linux and macOS (Redis 6.2, enough for what the fan-out and presence use), on a
     * free port, stopped when the JVM exits.
     */
    private static Endpoint startEmbedded() {
        int port = LocalRedisServer.freePort();
        try {
            RedisServer server = new RedisServer(port);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // The JVM is going away; the process dies with it.
                }
            }, "embedded-redis-stop"));
            return new Endpoint("an embedded Redis (embedded-redis)", "127.0.0.1", port, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }

    private static Endpoint startContainer() {
        // Not stopped here: Testcontainers' reaper removes it when this JVM exits.
        GenericContainer<?> container =
                new GenericContainer<>(DockerImageName.parse(CONTAINER_IMAGE)).withExposedPorts(6379);
        container.start();
        return new Endpoint(
                "Testcontainers " + CONTAINER_IMAGE, container.getHost(), container.getMappedPort(6379), null);
    }
}
