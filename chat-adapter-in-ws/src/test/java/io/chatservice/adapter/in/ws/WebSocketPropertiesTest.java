package io.chatservice.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebSocketPropertiesTest {

    private static WebSocketProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("chat.ws", WebSocketProperties.class);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        WebSocketProperties defaults = bind(Map.of());

        assertThat(defaults.allowedOrigins()).containsExactly("*");
        assertThat(defaults.heartbeatMillis()).containsExactly(10_000, 10_000);
        assertThat(defaults.messageSizeLimitBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.sendBufferSizeLimit().toBytes()).isEqualTo(512 * 1024);
        assertThat(defaults.sendTimeLimit()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.slowWriteThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.reorderWait()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.reorderMaxPending()).isEqualTo(256);
        assertThat(defaults.maxQueuedFrames()).isEqualTo(256);
        assertThat(defaults.maxSubscriptionsPerConnection()).isEqualTo(100);
        assertThat(defaults.maxConnectionsPerUser()).isEqualTo(20);
    }

    @Test
    void heartBeatsAreSetAsOnePairAndZeroTurnsOneOff() {
        assertThat(bind(Map.of("chat.ws.heartbeat", "5s,0")).heartbeatMillis()).containsExactly(5_000, 0);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("chat.ws.heartbeat", "5s"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("chat.ws.reorder-wait", "0s"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("chat.ws.message-size-limit", "0B"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("chat.ws.max-queued-frames", "0"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("chat.ws.max-subscriptions-per-connection", "0")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("chat.ws.max-connections-per-user", "0")))
                .isInstanceOf(BindException.class);
    }
}
