package io.chatservice.it;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run the whole service against a real PostgreSQL. All of them share one
 * Spring context (same configuration), and the database is shared too: tests create their own rooms and never
 * assume an empty database. {@link RecordingDelivery} stands in for the WebSocket delivery of this instance.
 *
 * <p>The per-user limits are on, as in production, but far above what any test here does (some send hundreds of
 * messages as one user within a second); the tests of the limits themselves start instances with low ones
 * (other test instances get {@link #GENEROUS_LIMITS}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.auth.secret=integration-test-secret-of-at-least-32-bytes!", "chat.dev-tokens.enabled=true",
                "chat.rate-limit.messages.capacity=1000000", "chat.rate-limit.messages.refill-per-second=1000000",
                "chat.rate-limit.connections.capacity=1000000", "chat.rate-limit.connections.refill-per-second=1000000",
                "chat.ws.max-connections-per-user=1000",
                // This context lives on while other tests' instances share its database: it must not resubmit
                // their publications behind their backs. Tests that want a resubmission ask for it.
                "chat.events.resubmit-after=PT1H"})
@Import(RecordingDelivery.class)
public abstract class ChatIntegrationTest {

    /** The limits of every test instance that does not test them: as above, for {@code ChatInstance}. */
    public static final Map<String, String> GENEROUS_LIMITS = Map.of(
            "chat.rate-limit.messages.capacity", "1000000",
            "chat.rate-limit.messages.refill-per-second", "1000000",
            "chat.rate-limit.connections.capacity", "1000000",
            "chat.rate-limit.connections.refill-per-second", "1000000",
            "chat.ws.max-connections-per-user", "1000");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.registerProperties(registry);
    }
}
