package io.chatservice.it.ws;

import io.chatservice.ChatApplication;
import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.adapter.out.redis.testing.TestRedis;
import io.chatservice.it.ChatIntegrationTest;
import io.chatservice.it.RecordingDelivery;
import io.chatservice.it.web.ApiClient;
import io.chatservice.it.web.ApiUser;
import io.chatservice.it.web.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * One instance of the service started the way an operator starts it, for tests that need several of them or
 * one with a special Redis: its own Spring context and web server on a random port, the test database, Redis
 * fan-out, and a {@link RecordingDelivery} that shows what reached this instance. Instances started with the
 * same {@link #SECRET} accept each other's tokens, as instances of one service do.
 */
public final class ChatInstance implements AutoCloseable {

    public static final String SECRET = "multi-instance-test-secret-of-at-least-32-bytes";

    private final String name;
    private final ConfigurableApplicationContext context;
    private final int port;

    private ChatInstance(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Starts an instance with {@code chat.fanout=redis} against {@link TestRedis}; {@code overrides} win over
     * everything (they are passed as command-line arguments, above the environment's variables).
     */
    public static ChatInstance start(String name, Map<String, String> overrides) {
        List<String> args = new ArrayList<>();
        properties(name, overrides).forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ChatApplication.class, RecordingDelivery.class)
                .run(args.toArray(String[]::new));
        return new ChatInstance(name, context);
    }

    /** The properties an instance is started with, {@code overrides} last; also for instances in a child process. */
    public static Map<String, String> properties(String name, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("chat.auth.secret", SECRET);
        properties.put("chat.fanout", "redis");
        properties.putAll(TestDatabase.properties());
        properties.putAll(TestRedis.properties());
        // Several instances share one PostgreSQL with the other tests' contexts: keep each pool small.
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        // No instance resubmits another's in-flight publications while a test runs; tests that want a retry ask.
        properties.put("chat.events.resubmit-after", "PT1H");
        properties.put("spring.application.name", "chat-" + name);
        // As in the shared test context: limits on, far above what the tests do; tests of the limits override them.
        properties.putAll(ChatIntegrationTest.GENEROUS_LIMITS);
        properties.putAll(overrides);
        return properties;
    }

    public static ChatInstance start(String name) {
        return start(name, Map.of());
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The phase of every {@link SmartLifecycle} bean, by bean name: higher phases stop first. */
    public Map<String, Integer> lifecyclePhases() {
        Map<String, Integer> phases = new TreeMap<>();
        context.getBeansOfType(SmartLifecycle.class, false, false)
                .forEach((name, bean) -> phases.put(name, bean.getPhase()));
        return phases;
    }

    public RecordingDelivery deliveries() {
        return context.getBean(RecordingDelivery.class);
    }

    public ApiClient api() {
        return new ApiClient(port, new Tokens(SECRET));
    }

    /** The same user (same token) talking to this instance. */
    public ApiUser as(ApiUser user) {
        return api().userWithToken(user.id(), user.token());
    }

    public StompTestClient stomp() {
        return new StompTestClient(port);
    }

    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return "instance " + name + " on port " + port;
    }
}
