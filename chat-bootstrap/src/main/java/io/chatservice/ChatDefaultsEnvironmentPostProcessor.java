package io.chatservice;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Derives the defaults that depend on how the server is run, before any bean is created:
 *
 * <ul>
 *   <li>{@code chat.embedded-database}: true when no {@code spring.datasource.url} is configured, which is
 *       the "run it with no configuration" mode backed by an embedded PostgreSQL.
 *   <li>{@code chat.dev-tokens.enabled}: {@code CHAT_DEV_TOKENS} when set; otherwise on only in the
 *       embedded mode, so a configured deployment never mints tokens unless asked to.
 *   <li>{@code chat.auth.secret}: a random secret for this start when none is configured, so nobody can
 *       forge tokens by knowing a default; tokens then last only as long as the process.
 *   <li>the readiness health group: the readiness state, the database and, with {@code chat.fanout=redis} only,
 *       Redis ({@code redis}, a PING) and this instance's pub/sub connection ({@code redisPubSub}). With
 *       {@code chat.fanout=local} no Redis contributor exists at all, so none may be named in the group (Spring
 *       Boot refuses to start with a group member that does not exist). The liveness group is left to Spring
 *       Boot: the liveness state alone, so an outage of a shared dependency never makes the orchestrator restart
 *       healthy instances. An operator's own {@code management.health.redis.enabled} or
 *       {@code management.endpoint.health.group.readiness.include} wins, in any form (these two are the lowest
 *       precedence source).
 * </ul>
 */
public class ChatDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE_NAME = "chatDefaults";
    static final String HEALTH_PROPERTY_SOURCE_NAME = "chatHealthDefaults";

    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";
    static final String REDIS_HEALTH_ENABLED = "management.health.redis.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        boolean embedded = !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
        if (!environment.containsProperty("chat.embedded-database")) {
            defaults.put("chat.embedded-database", embedded);
        }
        if (!environment.containsProperty("chat.dev-tokens.enabled")) {
            String devTokens = environment.getProperty("CHAT_DEV_TOKENS");
            // Exactly "true" turns them on, as the contract says; Spring would also read "yes", "on" or "1" as true.
            defaults.put("chat.dev-tokens.enabled",
                    StringUtils.hasText(devTokens) ? "true".equalsIgnoreCase(devTokens.trim()) : embedded);
        }
        if (!StringUtils.hasText(environment.getProperty("chat.auth.secret"))) {
            byte[] secret = new byte[48];
            new SecureRandom().nextBytes(secret);
            defaults.put("chat.auth.secret", Base64.getEncoder().encodeToString(secret));
            defaults.put("chat.auth.secret-generated", true);
        }
        // Only keys that are unset (or, for the secret, blank) are in here, so first place overrides nothing
        // configured; it does override a blank CHAT_AUTH_SECRET, which must never become an empty HMAC key.
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));

        boolean redisFanout = "redis".equalsIgnoreCase(environment.getProperty("chat.fanout", "local").trim());
        Map<String, Object> healthDefaults = new LinkedHashMap<>();
        healthDefaults.put(REDIS_HEALTH_ENABLED, redisFanout);
        healthDefaults.put(READINESS_INCLUDE, redisFanout ? "readinessState,db,redis,redisPubSub" : "readinessState,db");
        // Last place, below every other source: an operator's setting wins in whatever form it comes, including
        // the indexed one a YAML list gives (include[0], include[1], ...) or its environment variable
        // (MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE_0_), which containsProperty on the plain name misses.
        environment.getPropertySources().addLast(new MapPropertySource(HEALTH_PROPERTY_SOURCE_NAME, healthDefaults));
    }
}
