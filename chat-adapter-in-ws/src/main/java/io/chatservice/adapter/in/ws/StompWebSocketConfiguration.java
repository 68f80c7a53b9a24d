package io.chatservice.adapter.in.ws;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP 1.2 over WebSocket at {@code /ws}, and over SockJS at {@code /ws-sockjs}.
 *
 * <p>The simple broker handles CONNECT, heart-beats and DISCONNECT, and is enabled for {@code /queue} only;
 * nothing is ever routed to it: the adapter answers SUBSCRIBE and SEND itself ({@link StompInboundGuard}) and
 * writes every frame for a session through that session's {@link Outbox}, acks and errors included, so that
 * they keep their order with the room events. Room topics in particular are not the broker's: the adapter checks
 * membership on SUBSCRIBE and delivers room broadcasts in seq order ({@link RoomSubscriptions}).
 *
 * <p>Both client channels run on virtual threads, set here explicitly: Spring Boot would otherwise hand them the
 * application's only {@code AsyncTaskExecutor}, which in this application is the bounded pool of another
 * adapter. A slow client holds the thread writing to it, never a small shared pool, and SEND handling (which
 * commits to PostgreSQL) runs in each session's own queue on virtual threads as well.
 *
 * <p>Order per session: frames reach {@link StompInboundGuard} in the order they were read, and it queues them in
 * the session's own queue, so they are handled in that order; what the adapter sends leaves through the
 * session's {@link Outbox} in order; the broker's own frames (heart-beats) keep their order with publish order
 * preserved. Spring's receive-order option is left off: it brings nothing on top of that, and with it on, an
 * exception from the inbound interceptor (a refused CONNECT) is caught and logged by Spring's ordering decorator,
 * headers and bearer token included, instead of being answered with an ERROR frame and a closed connection.
 *
 * <p>Ordered last among the broker configurers, so that these choices are the ones that stand. The broker
 * configuration itself is {@link StompBrokerConfiguration} (what {@code @EnableWebSocketMessageBroker} would import,
 * with a send buffer that delivers an ERROR before the close).
 */
@Configuration(proxyBeanMethods = false)
class StompWebSocketConfiguration implements WebSocketMessageBrokerConfigurer, Ordered {

    static final String ENDPOINT = "/ws";
    static final String SOCKJS_ENDPOINT = "/ws-sockjs";

    private final WebSocketProperties properties;
    private final StompInboundGuard inboundGuard;
    private final OutboundFrameTracking outboundTracking;
    private final StompConnectionDecorator connectionDecorator;
    private final TaskScheduler brokerScheduler;
    private final WebSocketShutdown shutdown;

    /** @param brokerScheduler the broker configuration's own scheduler, looked up lazily (it is made after us) */
    StompWebSocketConfiguration(
            WebSocketProperties properties,
            StompInboundGuard inboundGuard,
            OutboundFrameTracking outboundTracking,
            StompConnectionDecorator connectionDecorator,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler brokerScheduler,
            WebSocketShutdown shutdown) {
        this.properties = properties;
        this.inboundGuard = inboundGuard;
        this.outboundTracking = outboundTracking;
        this.connectionDecorator = connectionDecorator;
        this.brokerScheduler = brokerScheduler;
        this.shutdown = shutdown;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        String[] origins = properties.allowedOrigins().toArray(String[]::new);
        // Handshakes are refused (503) once shutdown has begun.
        registry.addEndpoint(ENDPOINT).setAllowedOriginPatterns(origins).addInterceptors(shutdown);
        // No JSESSIONID cookie either: nothing here is tied to an HTTP session.
        registry.addEndpoint(SOCKJS_ENDPOINT).setAllowedOriginPatterns(origins).addInterceptors(shutdown).withSockJS()
                .setSessionCookieNeeded(false);
        registry.setErrorHandler(new StompErrorHandler());
        // Off on purpose (see the class comment): each session's frames are ordered by its own queue.
        registry.setPreserveReceiveOrder(false);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        registry.setPreservePublishOrder(true);
        registry.enableSimpleBroker("/queue")
                .setTaskScheduler(brokerScheduler)
                .setHeartbeatValue(properties.heartbeatMillis());
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(properties.messageSizeLimitBytes())
                .setSendBufferSizeLimit((int) properties.sendBufferSizeLimit().toBytes())
                .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
                .addDecoratorFactory(connectionDecorator);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.executor(virtualThreads("ws-inbound-")).interceptors(inboundGuard);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(virtualThreads("ws-outbound-")).interceptors(outboundTracking);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static SimpleAsyncTaskExecutor virtualThreads(String namePrefix) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(namePrefix);
        executor.setVirtualThreads(true);
        return executor;
    }
}
