package io.chatservice.adapter.out.redis;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The relay's executor: a fixed number of threads and an unbounded queue. Fixed, because each running relay
 * holds a database connection (to mark its publication completed) and must leave the pool to requests; an
 * unbounded queue, because the caller is a committing request thread that must never wait for a relay while
 * it still holds its own connection (with both waiting on each other, nothing would move). On shutdown, queued
 * relays are finished before the database goes away, and first waited for before the WebSocket sessions are closed
 * ({@link RoomEventRelayDrain}).
 */
@Configuration(proxyBeanMethods = false)
class RoomEventRelayConfiguration {

    static final String EXECUTOR = "roomEventRelayExecutor";

    @Bean
    InFlightRelays inFlightRelays() {
        return new InFlightRelays();
    }

    @Bean
    RelayPublishOrder relayPublishOrder() {
        return new RelayPublishOrder();
    }

    @Bean(EXECUTOR)
    ThreadPoolTaskExecutor roomEventRelayExecutor(
            @Value("${chat.events.relay-threads:8}") int threads,
            @Value("${chat.events.relay-shutdown-wait:PT20S}") Duration shutdownWait, InFlightRelays inFlightRelays,
            RelayPublishOrder publishOrder) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("room-event-relay-");
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setTaskDecorator(new CompositeTaskDecorator(List.of(inFlightRelays, publishOrder)));
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationMillis(shutdownWait.toMillis());
        return executor;
    }

    @Bean
    RoomEventRelayDrain roomEventRelayDrain(InFlightRelays inFlightRelays,
            @Value("${chat.events.relay-shutdown-wait:PT20S}") Duration shutdownWait) {
        return new RoomEventRelayDrain(inFlightRelays, shutdownWait);
    }
}
