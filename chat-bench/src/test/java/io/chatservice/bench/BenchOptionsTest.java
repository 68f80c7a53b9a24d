package io.chatservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void chatPresetHasTheIssueSizes() {
        BenchOptions options = BenchOptions.parse(new String[] {"--scenario", "chat"});

        assertThat(options.rooms()).isEqualTo(100);
        assertThat(options.subscribers()).isEqualTo(10);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.saturate()).isFalse();
    }

    @Test
    void broadcastPresetIsOneRoomWithAThousandSubscribers() {
        BenchOptions options = BenchOptions.parse(new String[] {"--scenario=broadcast"});

        assertThat(options.rooms()).isEqualTo(1);
        assertThat(options.subscribers()).isEqualTo(1000);
    }

    @Test
    void flagsOverrideThePreset() {
        BenchOptions options = BenchOptions.parse(new String[] {
            "--scenario", "chat", "--rooms", "10", "--subscribers=5", "--rate", "200", "--duration", "500ms",
            "--saturate", "--url", "http://example.org:9090/"
        });

        assertThat(options.rooms()).isEqualTo(10);
        assertThat(options.subscribers()).isEqualTo(5);
        assertThat(options.rate()).isEqualTo(200.0);
        assertThat(options.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.saturate()).isTrue();
        assertThat(options.wsEndpoint()).isEqualTo(URI.create("ws://example.org:9090/ws"));
        assertThat(options.actuatorBase()).isEqualTo(URI.create("http://example.org:9090/actuator"));
    }

    @Test
    void httpsServersAreReachedOverSecureWebSockets() {
        BenchOptions options = BenchOptions.parse(new String[] {"--scenario", "sync", "--url", "https://chat.example"});

        assertThat(options.wsEndpoint()).isEqualTo(URI.create("wss://chat.example/ws"));
    }

    @Test
    void aScenarioIsRequired() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rooms", "3"}))
                .hasMessageContaining("--scenario is required");
    }

    @Test
    void unknownFlagsAreRefusedByName() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "chat", "--roms", "3"}))
                .hasMessageContaining("unknown flag --roms");
    }

    @Test
    void badValuesNameTheirFlag() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "chat", "--rate", "fast"}))
                .hasMessageContaining("--rate must be a number");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "chat", "--rooms", "0"}))
                .hasMessageContaining("--rooms must be at least 1");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "chat", "--duration", "soon"}))
                .hasMessageContaining("--duration must be a duration");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "party"}))
                .hasMessageContaining("--scenario must be one of");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "chat", "--rooms"}))
                .hasMessageContaining("--rooms needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "sync", "--sync-limit", "500"}))
                .hasMessageContaining("--sync-limit must be 1..200");
    }

    @Test
    void saturationOnlyAppliesToScenariosThatSend() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "idle", "--saturate"}))
                .hasMessageContaining("chat and broadcast scenarios only");
    }

    @Test
    void durationsTakeUnitsAndBareSeconds() {
        assertThat(BenchOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(BenchOptions.parseDuration("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(BenchOptions.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchOptions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(BenchOptions.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void idleConnectionsHaveOneUserEachUnlessToldToShare() {
        assertThat(BenchOptions.parse(new String[] {"--scenario", "idle"}).connectionsPerUser()).isEqualTo(1);
        assertThat(BenchOptions.parse(new String[] {"--scenario", "idle", "--connections-per-user", "10"})
                .connectionsPerUser()).isEqualTo(10);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "idle", "--connections-per-user", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--connections-per-user");
    }

    @Test
    void theNioTransportIsTheDefaultForPlainWebSocketsAndTheJdksForTls() {
        assertThat(BenchOptions.parse(new String[] {"--scenario", "chat"}).transport()).isEqualTo("nio");
        assertThat(BenchOptions.parse(new String[] {"--scenario", "chat", "--url", "https://example.org"}).transport())
                .isEqualTo("jdk");
        assertThat(BenchOptions.parse(new String[] {"--scenario", "chat", "--transport", "jdk"}).transport())
                .isEqualTo("jdk");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {
            "--scenario", "chat", "--url", "https://example.org", "--transport", "nio"
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--scenario", "chat", "--transport", "netty"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--transport");
    }
}
