package io.chatservice.adapter.out.redis;

import io.chatservice.application.port.out.DeliverRoomBroadcastPort;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts both fan-out modes share. The wire format is written with the application's {@link JsonMapper} when it
 * has one (the one REST writes with, so that the {@code message} object cannot differ between the two), else with
 * Jackson's defaults.
 */
@Configuration(proxyBeanMethods = false)
class FanoutConfiguration {

    @Bean
    RoomBroadcastEncoder roomBroadcastEncoder(ObjectProvider<JsonMapper> jsonMappers) {
        return new RoomBroadcastEncoder(jsonMappers.getIfAvailable(JsonMapper::shared));
    }

    @Bean
    @ConditionalOnRedisFanout
    RoomBroadcastDecoder roomBroadcastDecoder(ObjectProvider<JsonMapper> jsonMappers) {
        return new RoomBroadcastDecoder(jsonMappers.getIfAvailable(JsonMapper::shared));
    }

    @Bean
    LocalBroadcastDelivery localBroadcastDelivery(ObjectProvider<DeliverRoomBroadcastPort> deliveries) {
        return new LocalBroadcastDelivery(deliveries);
    }
}
