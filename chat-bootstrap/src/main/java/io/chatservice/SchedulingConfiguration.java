package io.chatservice;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler of the {@code @Scheduled} jobs (outbox maintenance). The STOMP broker declares a scheduler of its
 * own for heart-beats, which makes Spring Boot back off from providing this one; without it the jobs would run on
 * the broker's threads, and a slow database query would delay heart-beats.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    @Bean(name = "taskScheduler")
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("chat-scheduling-");
        scheduler.setPoolSize(1);
        return scheduler;
    }
}
