package io.chatservice.it;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run the whole service against a real PostgreSQL. All of them share one
 * Spring context (same configuration), and the database is shared too: tests create their own rooms and never
 * assume an empty database. {@link RecordingDelivery} stands in for the WebSocket delivery of this instance.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.auth.secret=integration-test-secret-of-at-least-32-bytes!", "chat.dev-tokens.enabled=true",
                // This context lives on while other tests' instances share its database: it must not resubmit
                // their publications behind their backs. Tests that want a resubmission ask for it.
                "chat.events.resubmit-after=PT1H"})
@Import(RecordingDelivery.class)
public abstract class ChatIntegrationTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.registerProperties(registry);
    }
}
