package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The defaults that decide whether a deployment can mint tokens. The contract: dev tokens are on by default
 * only in the embedded run; CHAT_DEV_TOKENS decides whenever it is set; without a secret each start gets a
 * random one, never an empty or fixed key.
 */
class ChatDefaultsEnvironmentPostProcessorTest {

    @ParameterizedTest(name = "datasource url {0}, CHAT_DEV_TOKENS {1} -> dev tokens {2}")
    @CsvSource(nullValues = "unset", value = {
        "unset,                                      unset, true",
        "unset,                                      true,  true",
        "unset,                                      false, false",
        "jdbc:postgresql://db.example:5432/chat,     unset, false",
        "jdbc:postgresql://db.example:5432/chat,     true,  true",
        "jdbc:postgresql://db.example:5432/chat,     false, false",
        "jdbc:postgresql://db.example:5432/chat,     yes,   false",
        "jdbc:postgresql://db.example:5432/chat,     1,     false",
        "jdbc:postgresql://db.example:5432/chat,     TRUE,  true",
    })
    void devTokensAreOnByDefaultOnlyInTheEmbeddedRun(
            @Nullable String datasourceUrl, @Nullable String devTokensEnv, boolean expected) {
        Map<String, Object> configured = new HashMap<>();
        if (datasourceUrl != null) {
            configured.put("spring.datasource.url", datasourceUrl);
        }
        if (devTokensEnv != null) {
            configured.put("CHAT_DEV_TOKENS", devTokensEnv);
        }

        StandardEnvironment environment = postProcess(configured);

        assertThat(environment.getProperty("chat.dev-tokens.enabled", Boolean.class)).isEqualTo(expected);
        assertThat(environment.getProperty("chat.embedded-database", Boolean.class)).isEqualTo(datasourceUrl == null);
    }

    @Test
    void explicitDevTokensPropertyWins() {
        StandardEnvironment environment = postProcess(Map.of("chat.dev-tokens.enabled", "false"));

        assertThat(environment.getProperty("chat.dev-tokens.enabled", Boolean.class)).isFalse();
    }

    @Test
    void withoutASecretEachStartGetsADifferentRandomOneOfAtLeast32Bytes() {
        String first = postProcess(Map.of()).getProperty("chat.auth.secret");
        String second = postProcess(Map.of()).getProperty("chat.auth.secret");

        assertThat(first).isNotBlank().isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(postProcess(Map.of()).getProperty("chat.auth.secret-generated", Boolean.class)).isTrue();
    }

    @Test
    void aBlankSecretIsReplacedNotUsedAsAnEmptyKey() {
        StandardEnvironment environment = postProcess(Map.of("chat.auth.secret", "  "));

        assertThat(environment.getProperty("chat.auth.secret")).isNotBlank();
        assertThat(environment.getProperty("chat.auth.secret-generated", Boolean.class)).isTrue();
    }

    @Test
    void aConfiguredSecretIsKept() {
        String secret = "a-configured-secret-of-at-least-32-bytes";
        StandardEnvironment environment = postProcess(Map.of("chat.auth.secret", secret));

        assertThat(environment.getProperty("chat.auth.secret")).isEqualTo(secret);
        assertThat(environment.containsProperty("chat.auth.secret-generated")).isFalse();
    }

    @ParameterizedTest(name = "chat.fanout {0} -> readiness {1}, redis health {2}")
    @CsvSource(nullValues = "unset", delimiter = ';', value = {
        "unset; readinessState,db; false",
        "local; readinessState,db; false",
        "redis; readinessState,db,redis,redisPubSub; true",
        " Redis ; readinessState,db,redis,redisPubSub; true",
    })
    void theReadinessGroupHasRedisInItOnlyWithRedisFanout(
            @Nullable String fanout, String readiness, boolean redisHealth) {
        Map<String, Object> configured = new HashMap<>();
        if (fanout != null) {
            configured.put("chat.fanout", fanout);
        }

        StandardEnvironment environment = postProcess(configured);

        assertThat(environment.getProperty(ChatDefaultsEnvironmentPostProcessor.READINESS_INCLUDE)).isEqualTo(readiness);
        assertThat(environment.getProperty(ChatDefaultsEnvironmentPostProcessor.REDIS_HEALTH_ENABLED, Boolean.class))
                .isEqualTo(redisHealth);
    }

    @Test
    void anOperatorsOwnReadinessGroupAndRedisHealthSettingWin() {
        StandardEnvironment environment = postProcess(Map.of("chat.fanout", "redis",
                ChatDefaultsEnvironmentPostProcessor.READINESS_INCLUDE, "readinessState",
                ChatDefaultsEnvironmentPostProcessor.REDIS_HEALTH_ENABLED, "false"));

        assertThat(environment.getProperty(ChatDefaultsEnvironmentPostProcessor.READINESS_INCLUDE))
                .isEqualTo("readinessState");
        assertThat(environment.getProperty(ChatDefaultsEnvironmentPostProcessor.REDIS_HEALTH_ENABLED)).isEqualTo("false");
    }

    @Test
    void anOperatorsReadinessGroupGivenAsAYamlListWinsOverTheDefault() {
        StandardEnvironment environment = postProcess(Map.of("chat.fanout", "redis",
                ChatDefaultsEnvironmentPostProcessor.READINESS_INCLUDE + "[0]", "readinessState",
                ChatDefaultsEnvironmentPostProcessor.READINESS_INCLUDE + "[1]", "db"));

        assertThat(readinessGroup(environment)).containsExactly("readinessState", "db");
    }

    @Test
    void anOperatorsReadinessGroupGivenAsEnvironmentVariablesWinsOverTheDefault() {
        StandardEnvironment indexed = postProcess(Map.of("chat.fanout", "redis"), Map.of(
                "MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE_0_", "readinessState",
                "MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE_1_", "db",
                "MANAGEMENT_HEALTH_REDIS_ENABLED", "false"));
        StandardEnvironment plain = postProcess(Map.of("chat.fanout", "redis"),
                Map.of("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE", "readinessState,redis"));

        assertThat(readinessGroup(indexed)).containsExactly("readinessState", "db");
        assertThat(Binder.get(indexed).bind(ChatDefaultsEnvironmentPostProcessor.REDIS_HEALTH_ENABLED, Boolean.class)
                .get()).isFalse();
        assertThat(readinessGroup(plain)).containsExactly("readinessState", "redis");
    }

    @Test
    void withoutAnOperatorsReadinessGroupTheDefaultBindsAsAList() {
        assertThat(readinessGroup(postProcess(Map.of("chat.fanout", "redis"))))
                .containsExactly("readinessState", "db", "redis", "redisPubSub");
    }

    /** The group's members as Spring Boot's health configuration binds them. */
    private static List<String> readinessGroup(StandardEnvironment environment) {
        return Binder.get(environment)
                .bind(ChatDefaultsEnvironmentPostProcessor.READINESS_INCLUDE, Bindable.listOf(String.class)).get();
    }

    private static StandardEnvironment postProcess(Map<String, Object> configured, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        // The real environment of the JVM running the test replaced by these variables.
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        new ChatDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static StandardEnvironment postProcess(Map<String, Object> configured) {
        StandardEnvironment environment = new StandardEnvironment();
        // Stand-ins for the operator's configuration, above whatever the JVM running the test has set.
        environment.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        new ChatDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
