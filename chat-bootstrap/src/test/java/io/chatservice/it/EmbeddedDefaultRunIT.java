package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.ChatApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "run it with no configuration" promise: with no database URL the server starts its own PostgreSQL with
 * the data under the working directory, offers dev tokens, and finds its messages again after a restart.
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
        try (ConfigurableApplicationContext first = startUnconfigured(dataDirectory)) {
            String base = baseUrl(first);
            assertThat(first.getEnvironment().getProperty("chat.embedded-database")).isEqualTo("true");
            token = post(base + "/api/dev/tokens", null, "{\"userId\":\"alice\",\"name\":\"Alice\"}")
                    .get("token").asString();
            roomId = post(base + "/api/v1/rooms", token, "{\"name\":\"kept\",\"visibility\":\"PRIVATE\"}")
                    .get("roomId").asString();
            post(base + "/api/v1/rooms/" + roomId + "/messages", token,
                    "{\"clientMsgId\":\"c-1\",\"content\":\"still here after a restart\"}");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();

        try (ConfigurableApplicationContext second = startUnconfigured(dataDirectory)) {
            String base = baseUrl(second);
            // A new start has a new random secret: tokens of the previous process are void by design.
            String freshToken = post(base + "/api/dev/tokens", null, "{\"userId\":\"alice\"}").get("token").asString();
            assertThat(status(base + "/api/v1/rooms", token)).isEqualTo(401);
            JsonNode history = get(base + "/api/v1/rooms/" + roomId + "/messages", freshToken);
            assertThat(history.get("messages").values())
                    .extracting(message -> message.get("content").asString(""))
                    .contains("still here after a restart");
        }
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
