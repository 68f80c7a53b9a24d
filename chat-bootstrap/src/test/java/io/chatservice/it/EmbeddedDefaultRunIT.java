package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatservice.ChatApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "run it with no configuration" promise: with no database URL the server starts its own durable
 * PostgreSQL with the data under the working directory, offers dev tokens, and finds its messages again after
 * a restart, even one after a crash that left the database process behind.
 */
class EmbeddedDefaultRunIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void unconfiguredServerRunsOnAnEmbeddedDatabaseThatSurvivesARestart(@TempDir Path workingDirectory)
            throws Exception {
        Path dataDirectory = workingDirectory.resolve("data/postgres");
        String roomId;
        String token;
        List<String> postmasterCommandLine;
        try (ConfigurableApplicationContext first = startUnconfigured(dataDirectory)) {
            String base = baseUrl(first);
            assertThat(first.getEnvironment().getProperty("chat.embedded-database")).isEqualTo("true");
            // Acknowledged means durable, here too: the test-tuned defaults of the library are overridden.
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
            postmasterCommandLine = commandLineOfPostmaster(dataDirectory);
            token = post(base + "/api/dev/tokens", null, "{\"userId\":\"alice\",\"name\":\"Alice\"}")
                    .get("token").asString();
            roomId = post(base + "/api/v1/rooms", token, "{\"name\":\"kept\",\"visibility\":\"PRIVATE\"}")
                    .get("roomId").asString();
            post(base + "/api/v1/rooms/" + roomId + "/messages", token,
                    "{\"clientMsgId\":\"c-1\",\"content\":\"still here after a restart\"}");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();

        // A server killed with -9 leaves its PostgreSQL running on the data directory; the next start must
        // stop that orphan instead of waiting for it and giving up.
        Process orphan = startOrphan(postmasterCommandLine, dataDirectory);
        try (ConfigurableApplicationContext second = startUnconfigured(dataDirectory)) {
            String base = baseUrl(second);
            // A new start has a new random secret: tokens of the previous process are void by design.
            String freshToken = post(base + "/api/dev/tokens", null, "{\"userId\":\"alice\"}").get("token").asString();
            assertThat(status(base + "/api/v1/rooms", token)).isEqualTo(401);
            JsonNode history = get(base + "/api/v1/rooms/" + roomId + "/messages", freshToken);
            assertThat(history.get("messages").values())
                    .extracting(message -> message.get("content").asString(""))
                    .contains("still here after a restart");
            assertThat(orphan.isAlive()).as("the orphaned postmaster was stopped").isFalse();

            // A second server on the same directory must refuse to start, not stop this one's database.
            assertThatThrownBy(() -> startUnconfigured(dataDirectory).close())
                    .hasStackTraceContaining("in use by another running chat server");
            assertThat(get(base + "/api/v1/rooms/" + roomId + "/messages", freshToken).get("messages").values())
                    .isNotEmpty();
        } finally {
            orphan.destroyForcibly();
        }
    }

    private static List<String> commandLineOfPostmaster(Path dataDirectory) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
        ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
        List<String> commandLine = new ArrayList<>();
        commandLine.add(info.command().orElseThrow());
        commandLine.addAll(List.of(info.arguments().orElseThrow()));
        return commandLine;
    }

    /**
     * Starts the first run's PostgreSQL again as a process nobody in this JVM manages: what a server killed
     * with -9 leaves behind. Root may not run PostgreSQL, so as root it runs in a user namespace, as the
     * library does.
     */
    private static Process startOrphan(List<String> postmasterCommandLine, Path dataDirectory)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(postmasterCommandLine);
        Process orphan = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile) && Files.readString(pidFile).startsWith(orphan.pid() + "\n")) {
                return orphan;
            }
            assertThat(orphan.isAlive()).as("the stand-in orphan postmaster started").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the stand-in orphan postmaster did not take the data directory");
    }

    /** Blanks a database URL that CI exports, so the server really sees no configuration. */
    private static ConfigurableApplicationContext startUnconfigured(Path dataDirectory) {
        return new SpringApplicationBuilder(ChatApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=",
                "--chat.embedded-database.directory=" + dataDirectory);
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private JsonNode post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private int status(String url, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
