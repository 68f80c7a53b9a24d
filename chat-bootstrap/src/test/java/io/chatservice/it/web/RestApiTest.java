package io.chatservice.it.web;

import io.chatservice.it.ChatIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that drive the running server over HTTP. It adds no configuration of its own, so these
 * tests share the one context of {@link ChatIntegrationTest}; the token secret is read from that context
 * rather than repeated here.
 */
abstract class RestApiTest extends ChatIntegrationTest {

    @LocalServerPort
    private int port;

    @Value("${chat.auth.secret}")
    private String secret;

    ApiClient api;

    @BeforeEach
    void connectToTheRunningServer() {
        api = new ApiClient(port, new Tokens(secret));
    }
}
