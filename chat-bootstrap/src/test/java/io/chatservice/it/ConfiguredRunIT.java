package io.chatservice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.ChatApplication;
import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A deployment that names its own database and does not ask for dev tokens must not mint any: anyone could
 * otherwise get a token for any user. Started the way an operator starts it, with configuration only.
 */
class ConfiguredRunIT {

    @Test
    void configuredRunOffersNoDevTokensAndUsesTheConfiguredDatabase() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--chat.auth.secret=an-operator-chosen-secret-of-32-bytes-or-more"));
        TestDatabase.properties().forEach((key, value) -> args.add("--" + key + "=" + value));

        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ChatApplication.class).run(args.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/dev/tokens"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"mallory\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("token\":\"ey");
            assertThat(context.getEnvironment().getProperty("chat.embedded-database")).isEqualTo("false");
            assertThat(context.containsBean("embeddedPostgres")).isFalse();
        }
    }
}
