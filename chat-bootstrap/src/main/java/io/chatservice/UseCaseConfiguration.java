package io.chatservice;

import io.chatservice.application.port.out.ConnectionRateLimitPort;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.MessageRateLimitPort;
import io.chatservice.application.port.out.PresencePort;
import io.chatservice.application.port.out.PublishPresencePort;
import io.chatservice.application.port.out.PublishRoomEventsPort;
import io.chatservice.application.port.out.PublishTypingPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.RoomEventFeedPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.service.ConnectionAdmissionService;
import io.chatservice.application.service.MessageService;
import io.chatservice.application.service.PresenceService;
import io.chatservice.application.service.ReadMarkerService;
import io.chatservice.application.service.RealtimeService;
import io.chatservice.application.service.RoomService;
import io.chatservice.application.service.SendBatching;
import io.chatservice.application.service.TimelineService;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the application services to the adapters. The services carry no Spring annotation, so the core stays
 * framework-free; this is the one place that knows both sides.
 */
@Configuration(proxyBeanMethods = false)
class UseCaseConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        // PostgreSQL keeps microseconds: a finer instant in a live event would differ from the same message
        // read back from history.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Bean
    RoomService roomService(
            LoadRoomPort loadRoom,
            SaveRoomPort saveRoom,
            SaveMessagePort saveMessage,
            ReadMarkerPort readMarkers,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            Clock clock) {
        return new RoomService(loadRoom, saveRoom, saveMessage, readMarkers, publishEvents, transactions, clock);
    }

    /**
     * Closed (its close method is inferred) after the web server has stopped taking requests: the sends still
     * queued for a group commit are committed and answered before the database goes away.
     */
    @Bean
    MessageService messageService(
            RoomAccessPort rooms,
            LoadMessagePort loadMessages,
            SaveMessagePort saveMessages,
            PublishRoomEventsPort publishEvents,
            TransactionPort transactions,
            MessageRateLimitPort rateLimit,
            Clock clock,
            @Value("${chat.send.batch.enabled:true}") boolean batchEnabled,
            @Value("${chat.send.batch.max-size:64}") int batchMaxSize) {
        SendBatching batching = batchEnabled ? SendBatching.upTo(batchMaxSize) : SendBatching.off();
        return new MessageService(rooms, loadMessages, saveMessages, publishEvents, transactions, rateLimit, clock, batching);
    }

    @Bean
    TimelineService timelineService(RoomAccessPort rooms, LoadMessagePort loadMessages, TransactionPort transactions) {
        return new TimelineService(rooms, loadMessages, transactions);
    }

    @Bean
    ReadMarkerService readMarkerService(
            RoomAccessPort rooms, LoadMessagePort loadMessages, ReadMarkerPort readMarkers, TransactionPort transactions) {
        return new ReadMarkerService(rooms, loadMessages, readMarkers, transactions);
    }

    @Bean
    RealtimeService realtimeService(
            RoomAccessPort rooms,
            RoomEventFeedPort feed,
            PublishTypingPort typing,
            TransactionPort transactions,
            Clock clock) {
        return new RealtimeService(rooms, feed, typing, transactions, clock);
    }

    @Bean
    PresenceService presenceService(
            PresencePort presence,
            PublishPresencePort publisher,
            RoomAccessPort rooms,
            LoadRoomPort loadRoom,
            TransactionPort transactions) {
        return new PresenceService(presence, publisher, rooms, loadRoom, transactions);
    }

    @Bean
    ConnectionAdmissionService connectionAdmissionService(ConnectionRateLimitPort connectionRateLimit) {
        return new ConnectionAdmissionService(connectionRateLimit);
    }
}
