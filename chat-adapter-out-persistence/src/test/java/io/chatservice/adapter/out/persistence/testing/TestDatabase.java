package io.chatservice.adapter.out.persistence.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL that integration tests run against, chosen once per JVM, the first time a test asks for it
 * (which happens while its Spring context is being prepared, before any bean exists):
 * <ol>
 *   <li>the database named by the environment variables {@code SPRING_DATASOURCE_URL},
 *       {@code SPRING_DATASOURCE_USERNAME} and {@code SPRING_DATASOURCE_PASSWORD}, when the URL is set;</li>
 *   <li>otherwise a Testcontainers PostgreSQL ({@value #CONTAINER_IMAGE}), when a Docker engine answers;</li>
 *   <li>otherwise an embedded PostgreSQL (zonky) in a temporary directory, removed when the JVM exits.</li>
 * </ol>
 *
 * <p>Usage, in any {@code @SpringBootTest} (or a base class of several, so they share one context):
 * <pre>{@code
 * @DynamicPropertySource
 * static void database(DynamicPropertyRegistry registry) {
 *     TestDatabase.registerProperties(registry);
 * }
 * }</pre>
 * This sets {@code spring.datasource.url}, {@code .username}, {@code .password} and
 * {@code spring.flyway.clean-disabled=true}; Flyway then migrates the database as the application would.
 * Code that starts an application itself (for example two instances through {@code SpringApplicationBuilder})
 * can pass {@link #properties()} instead.
 *
 * <p>The environment's database is shared with other test runs and with other people, and outlives this JVM:
 * tests must not expect it to be empty. Use fresh random ids (rooms, users) for everything a test creates, never
 * assert on global counts, and never clean it. Flyway finds its earlier runs in its history table and applies
 * only what is new.
 */
public final class TestDatabase {

    static final String CONTAINER_IMAGE = "postgres:17-alpine";

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);

    private TestDatabase() {
    }

    /** Where the database is and how to log in; {@code source} says which of the three it is, for logs. */
    public record Endpoint(String source, String url, @Nullable String username, @Nullable String password) {
    }

    /** The database of this JVM, started on first use. */
    public static Endpoint endpoint() {
        return Chosen.ENDPOINT;
    }

    /** Points the Spring context under test at {@link #endpoint()}. */
    public static void registerProperties(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The Spring properties that {@link #registerProperties} sets. */
    public static Map<String, String> properties() {
        Endpoint endpoint = endpoint();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", endpoint.url());
        if (endpoint.username() != null) {
            properties.put("spring.datasource.username", endpoint.username());
        }
        if (endpoint.password() != null) {
            properties.put("spring.datasource.password", endpoint.password());
        }
        properties.put("spring.flyway.clean-disabled", "true");
        return Map.copyOf(properties);
    }

    /** The JVM initializes this holder once, on first access, and lets no other thread see it half done. */
    private static final class Chosen {

        static final Endpoint ENDPOINT = choose();

        private static Endpoint choose() {
            Endpoint endpoint = fromEnvironment();
            if (endpoint == null) {
                endpoint = dockerAnswers() ? startContainer() : startEmbedded();
            }
            LOG.info("Tests use {}: {}", endpoint.source(), endpoint.url());
            return endpoint;
        }
    }

    private static @Nullable Endpoint fromEnvironment() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        return new Endpoint(
                "the database from SPRING_DATASOURCE_URL",
                url,
                System.getenv("SPRING_DATASOURCE_USERNAME"),
                System.getenv("SPRING_DATASOURCE_PASSWORD"));
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
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(CONTAINER_IMAGE));
        container.start();
        return new Endpoint(
                "Testcontainers " + CONTAINER_IMAGE, container.getJdbcUrl(), container.getUsername(),
                container.getPassword());
    }

    private static Endpoint startEmbedded() {
        try {
            Path home = Files.createTempDirectory("chat-test-postgres-");
            // Run as root, zonky starts initdb and postgres as user nobody, who must be able to write here.
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(home.resolve("binaries").toFile())
                    .setDataDirectory(home.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, home), "test-postgres-stop"));
            return new Endpoint(
                    "embedded PostgreSQL in " + home,
                    "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                    "postgres",
                    "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL for the tests", e);
        }
    }

    private static void stop(EmbeddedPostgres postgres, Path home) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL in {}", home, e);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the embedded PostgreSQL in {}", home, e);
        }
    }
}
