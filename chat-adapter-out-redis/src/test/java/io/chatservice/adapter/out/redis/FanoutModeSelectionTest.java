package io.chatservice.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.chatservice.application.port.out.ConnectionRateLimitPort;
import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.PresencePort;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.domain.shared.RoomId;
import io.chatservice.domain.shared.UserId;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The switch {@code chat.fanout} picks one set of beans, and neither mode connects to Redis while starting: Redis
 * here is a socket that accepts nothing, and the test fails if anyone knocked.
 */
class FanoutModeSelectionTest {

    private ServerSocket redisThatMustNotBeCalled;
    private ApplicationContextRunner contexts;

    @BeforeEach
    void startSilentRedis() throws IOException {
        redisThatMustNotBeCalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        contexts = new ApplicationContextRunner()
                // As SpringApplication does, so that "PT2S" becomes a Duration.
                .withInitializer(context -> context.getBeanFactory()
                        .setConversionService(ApplicationConversionService.getSharedInstance()))
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withUserConfiguration(
                        FanoutModeCheck.class,
                        FanoutConfiguration.class,
                        RoomEventRelayConfiguration.class,
                        RoomEventRelay.class,
                        LocalFanout.class,
                        LocalPresence.class,
                        RedisRoomEventFanout.class,
                        RedisPresence.class,
                        RedisRoomFeed.class,
                        RedisReconnectConfiguration.class,
                        RateLimitConfiguration.class)
                .withPropertyValues(
                        "spring.data.redis.host=" + InetAddress.getLoopbackAddress().getHostAddress(),
                        "spring.data.redis.port=" + redisThatMustNotBeCalled.getLocalPort());
    }

    @AfterEach
    void stopSilentRedis() throws IOException {
        redisThatMustNotBeCalled.close();
    }

    @Test
    void withoutTheSettingTheFanoutIsLocalAndNeverTouchesRedis() throws IOException {
        contexts.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(RoomEventFanout.class).isInstanceOf(LocalFanout.class);
            assertThat(context).getBean(RoomEventFeedPort.class).isInstanceOf(LocalFanout.class);
            assertThat(context).getBean(PublishTypingPort.class).isInstanceOf(LocalFanout.class);
            assertThat(context).getBean(PublishPresencePort.class).isInstanceOf(LocalFanout.class);
            assertThat(context).getBean(PresencePort.class).isInstanceOf(LocalPresence.class);
            assertThat(context).doesNotHaveBean(RedisRoomFeed.class).doesNotHaveBean(RoomBroadcastDecoder.class)
                    .doesNotHaveBean(RedisPresence.class);
            assertThat(context).hasSingleBean(RedisConnectionFactory.class);

            RoomId room = RoomId.of("r-1");
            context.getBean(RoomEventFeedPort.class).listen(room);
            context.getBean(RoomEventFanout.class).fanOut(TestEvents.sent(room, 1, "hi"));
            context.getBean(PublishTypingPort.class).publishTyping(room, UserId.of("bob"), true);
            context.getBean(RoomEventFeedPort.class).stopListening(room);
            context.getBean(PublishPresencePort.class).publishPresence(List.of(room), UserId.of("bob"), true);
            assertThat(context.getBean(PresencePort.class).connectionOpened(UserId.of("bob"), "c-1")).isTrue();
            assertThat(context).getBean(MessageRateLimitPort.class).isInstanceOf(LocalRateLimit.class);
            assertThat(context.getBean(MessageRateLimitPort.class).tryAcquire(UserId.of("bob")).allowed()).isTrue();
            assertThat(context.getBean(ConnectionRateLimitPort.class).tryAcquire(UserId.of("bob")).allowed()).isTrue();
        });

        assertNobodyConnected();
    }

    @Test
    void disabledRateLimitsLetEverythingThroughInEitherMode() {
        for (String mode : List.of("local", "redis")) {
            contexts.withPropertyValues("chat.fanout=" + mode, "chat.rate-limit.enabled=false",
                    "chat.rate-limit.messages.capacity=1").run(context -> {
                MessageRateLimitPort limit = context.getBean(MessageRateLimitPort.class);
                assertThat(limit).isSameAs(RateLimitConfiguration.UNLIMITED);
                ConnectionRateLimitPort connects = context.getBean(ConnectionRateLimitPort.class);
                for (int i = 0; i < 20; i++) {
                    assertThat(limit.tryAcquire(UserId.of("bob")).allowed()).isTrue();
                    assertThat(connects.tryAcquire(UserId.of("bob")).allowed()).isTrue();
                }
            });
        }
    }

    @Test
    void connectsAreLimitedPerUserByTheirOwnSettings() {
        contexts.withPropertyValues("chat.rate-limit.connections.capacity=2",
                "chat.rate-limit.connections.refill-per-second=0.01").run(context -> {
            ConnectionRateLimitPort connects = context.getBean(ConnectionRateLimitPort.class);
            assertThat(connects.tryAcquire(UserId.of("bob")).allowed()).isTrue();
            assertThat(connects.tryAcquire(UserId.of("bob")).allowed()).isTrue();
            assertThat(connects.tryAcquire(UserId.of("bob")).retryAfter())
                    .isBetween(Duration.ofSeconds(99), Duration.ofSeconds(100));
            assertThat(connects.tryAcquire(UserId.of("carol")).allowed()).isTrue();
            assertThat(context.getBean(MessageRateLimitPort.class).tryAcquire(UserId.of("bob")).allowed())
                    .as("messages have an allowance of their own").isTrue();
        });
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        contexts.run(context -> {
            RateLimitProperties properties = context.getBean(RateLimitProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.messages()).isEqualTo(new RateLimitProperties.Messages(30, 5));
            assertThat(properties.connections()).isEqualTo(new RateLimitProperties.Connections(10, 0.2));
        });
    }

    @Test
    void aBadRateLimitStopsTheStart() {
        contexts.withPropertyValues("chat.rate-limit.messages.refill-per-second=0").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("refill-per-second"));
    }

    @Test
    void localIsSelectedByName() {
        contexts.withPropertyValues("chat.fanout=local")
                .run(context -> assertThat(context).getBean(RoomEventFeedPort.class).isInstanceOf(LocalFanout.class));
    }

    @Test
    void redisSelectsThePublisherAndTheFeedAndConnectsOnlyWhenUsed() throws IOException {
        contexts.withPropertyValues("chat.fanout=redis").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(RoomEventFanout.class).isInstanceOf(RedisRoomEventFanout.class);
            assertThat(context).getBean(PublishTypingPort.class).isInstanceOf(RedisRoomEventFanout.class);
            assertThat(context).getBean(RoomEventFeedPort.class).isInstanceOf(RedisRoomFeed.class);
            assertThat(context).getBean(PublishPresencePort.class).isInstanceOf(RedisRoomEventFanout.class);
            assertThat(context).getBean(PresencePort.class).isInstanceOf(RedisPresence.class);
            assertThat(context).doesNotHaveBean(LocalFanout.class).doesNotHaveBean(LocalPresence.class);
            assertThat(context).hasSingleBean(RoomBroadcastDecoder.class);
            assertThat(context).getBean(MessageRateLimitPort.class).isInstanceOf(RedisMessageRateLimit.class);
            // Connects are counted in memory in either mode: asking never touches Redis.
            assertThat(context.getBean(ConnectionRateLimitPort.class).tryAcquire(UserId.of("bob")).allowed()).isTrue();
        });

        assertNobodyConnected();
    }

    @Test
    void redisReconnectsWithinASecondRatherThanLettucesThirty() {
        contexts.withPropertyValues("chat.fanout=redis").run(context -> {
            ClientResources resources = context.getBean(ClientResources.class);
            Duration longestDelay = resources.reconnectDelay().createDelay(1_000);
            assertThat(longestDelay).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void anUnknownModeStopsTheStartWithAMessageSayingSo() {
        contexts.withPropertyValues("chat.fanout=kafka").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("chat.fanout (environment variable CHAT_FANOUT) is 'kafka'");
        });
    }

    private void assertNobodyConnected() throws IOException {
        redisThatMustNotBeCalled.setSoTimeout(300);
        assertThatExceptionOfType(SocketTimeoutException.class)
                .as("a connection to Redis")
                .isThrownBy(() -> redisThatMustNotBeCalled.accept().close());
    }
}
