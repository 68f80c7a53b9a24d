package io.chatservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The chat service. It sits in the base package so that Spring Modulith sees the domain, application and
 * adapter packages as modules beneath it, and component scanning picks up every adapter.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
