package io.chatservice.it.ws;

import io.chatservice.it.ChatIntegrationTest;
import io.chatservice.it.web.ApiClient;
import io.chatservice.it.web.ApiUser;
import io.chatservice.it.web.Tokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that talk STOMP to the running server (in-process fan-out, the default). Adds no
 * configuration, so these tests share the one context of {@link ChatIntegrationTest}; REST sets the scene
 * (users, rooms) and checks what was stored. Connections a test opens are closed after it.
 */
abstract class StompIntegrationTest extends ChatIntegrationTest {

    @LocalServerPort
    private int port;

    @Value("${chat.auth.secret}")
    private String secret;

    ApiClient api;
    StompTestClient stomp;

    private final List<StompConnection> opened = new ArrayList<>();

    @BeforeEach
    void connectToTheRunningServer() {
        api = new ApiClient(port, new Tokens(secret));
        stomp = new StompTestClient(port);
    }

    @AfterEach
    void closeConnections() {
        try {
            opened.forEach(StompConnection::assertNoHandlingFailures);
        } finally {
            opened.forEach(StompConnection::close);
            opened.clear();
        }
    }

    StompConnection connect(ApiUser user) {
        StompConnection connection = stomp.connect(user.token(), user.id());
        opened.add(connection);
        return connection;
    }

    StompConnection connectSockJs(ApiUser user) {
        StompConnection connection = stomp.connectSockJs(user.token(), user.id() + " (SockJS)");
        opened.add(connection);
        return connection;
    }

    int port() {
        return port;
    }

    Tokens tokens() {
        return api.tokens();
    }
}
