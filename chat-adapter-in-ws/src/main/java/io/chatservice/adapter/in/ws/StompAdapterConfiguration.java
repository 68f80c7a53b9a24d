package io.chatservice.adapter.in.ws;

import io.chatservice.application.port.in.AdmitConnectionUseCase;
import io.chatservice.application.port.in.DeleteMessageUseCase;
import io.chatservice.application.port.in.EditMessageUseCase;
import io.chatservice.application.port.in.MarkReadUseCase;
import io.chatservice.application.port.in.PresenceUseCase;
import io.chatservice.application.port.in.SendMessageUseCase;
import io.chatservice.application.port.in.TypingUseCase;
import io.chatservice.application.port.in.WatchRoomUseCase;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The adapter's parts. Spring's broker beans (the outbound channel, the broker's scheduler) are injected lazily:
 * the broker configuration itself needs some of these parts, and is made after them.
 *
 * <p>Frames are processed on virtual threads of one executor, which the frame handler closes on shutdown after
 * letting running frames finish, before the use cases it calls go away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebSocketProperties.class)
class StompAdapterConfiguration {

    /** How long shutdown waits for frames being processed (a SEND committing) to finish. */
    static final long FRAME_SHUTDOWN_WAIT_MILLIS = 10_000;

    private final SimpleAsyncTaskExecutor frameExecutor = frameExecutor();

    @Bean
    DelayedTasks stompTimers(@Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, Clock clock) {
        return (delay, task) -> {
            ScheduledFuture<?> future = scheduler.schedule(task, Instant.now(clock).plus(delay));
            return () -> future.cancel(false);
        };
    }

    @Bean
    ClientSessions stompClientSessions(
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel,
            WebSocketProperties properties,
            DelayedTasks stompTimers) {
        return new ClientSessions(clientOutboundChannel, properties, frameExecutor, stompTimers);
    }

    @Bean
    RoomSubscriptions roomSubscriptions(
            WatchRoomUseCase watchRooms,
            WebSocketProperties properties,
            DelayedTasks stompTimers) {
        return new RoomSubscriptions(watchRooms, frameExecutor, stompTimers, properties.reorderWait(),
                properties.reorderMaxPending(), properties.maxSubscriptionsPerConnection());
    }

    @Bean(destroyMethod = "close")
    StompFrameHandler stompFrameHandler(
            ClientSessions stompClientSessions,
            RoomSubscriptions roomSubscriptions,
            SendMessageUseCase sendMessage,
            EditMessageUseCase editMessage,
            DeleteMessageUseCase deleteMessage,
            TypingUseCase typing,
            MarkReadUseCase markRead) {
        return new StompFrameHandler(stompClientSessions, roomSubscriptions, sendMessage, editMessage,
                deleteMessage, typing, markRead, frameExecutor);
    }

    @Bean
    ConnectionPresence connectionPresence(PresenceUseCase presence) {
        return new ConnectionPresence(presence, frameExecutor, System::nanoTime);
    }

    @Bean
    StompAuthenticator stompAuthenticator(JwtDecoder jwtDecoder, Clock clock) {
        return new StompAuthenticator(jwtDecoder, clock);
    }

    @Bean
    StompInboundGuard stompInboundGuard(
            ClientSessions stompClientSessions,
            RoomSubscriptions roomSubscriptions,
            StompAuthenticator stompAuthenticator,
            AdmitConnectionUseCase admitConnection,
            StompFrameHandler stompFrameHandler,
            ConnectionPresence connectionPresence,
            DelayedTasks stompTimers,
            Clock clock) {
        return new StompInboundGuard(stompClientSessions, roomSubscriptions, stompAuthenticator, admitConnection,
                stompFrameHandler, connectionPresence, stompTimers, clock);
    }

    @Bean
    OutboundFrameTracking stompOutboundFrameTracking(ClientSessions stompClientSessions) {
        return new OutboundFrameTracking(stompClientSessions);
    }

    @Bean
    StompConnectionDecorator stompConnectionDecorator(
            ClientSessions stompClientSessions,
            RoomSubscriptions roomSubscriptions,
            ConnectionPresence connectionPresence,
            WebSocketProperties properties) {
        // SockJS frames a STOMP frame as a JSON string: escaping can double it, and a character is at most a byte.
        int sockJsLimit = (int) Math.min(Integer.MAX_VALUE, 2L * properties.messageSizeLimitBytes() + 1024);
        return new StompConnectionDecorator(stompClientSessions, roomSubscriptions, connectionPresence, sockJsLimit);
    }

    @Bean
    WebSocketShutdown webSocketShutdown(ClientSessions stompClientSessions, WebSocketProperties properties) {
        return new WebSocketShutdown(stompClientSessions, properties.shutdownDrainTimeout());
    }

    /** Shutdown, step one ({@link WebSocketShutdown#DRAIN_PHASE}). */
    @Bean
    SmartLifecycle webSocketShutdownDrain(WebSocketShutdown webSocketShutdown) {
        return webSocketShutdown.drainStep();
    }

    /** Shutdown, step two ({@link WebSocketShutdown#CLOSE_PHASE}). */
    @Bean
    SmartLifecycle webSocketShutdownClose(WebSocketShutdown webSocketShutdown) {
        return webSocketShutdown.closeStep();
    }

    private static SimpleAsyncTaskExecutor frameExecutor() {
        SimpleAsyncTaskExecutor executor = StompWebSocketConfiguration.virtualThreads("ws-frame-");
        executor.setTaskTerminationTimeout(FRAME_SHUTDOWN_WAIT_MILLIS);
        return executor;
    }
}
