package io.chatservice.adapter.out.redis;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The smallest application around this module: its beans, Spring Boot's Redis auto-configuration, and a delivery
 * that records what reaches this instance. Each {@link FanoutInstance} is one of it.
 *
 * <p>Not shipped in the test-jar: under {@code io.chatservice} it would be picked up by bootstrap's scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.chatservice.adapter.out.redis")
class RedisFanoutTestApplication {

    @Bean
    RecordingDelivery recordingDelivery() {
        return new RecordingDelivery();
    }
}
