package io.chatservice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the server where it listens and how to get a token. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : env.getProperty("server.port", Integer.class, 8080);
        String base = "http://localhost:" + port;
        log.info("Chat service ready at {} (REST API under {}/api/v1)", base, base);
        if (env.getProperty("chat.dev-tokens.enabled", Boolean.class, false)) {
            log.info("Get a token: curl -s -X POST {}/api/dev/tokens -H 'Content-Type: application/json' "
                    + "-d '{\"userId\":\"alice\",\"name\":\"Alice\"}'", base);
        } else if (env.getProperty("chat.auth.secret-generated", Boolean.class, false)) {
            log.warn("No CHAT_AUTH_SECRET configured and dev tokens are off: no token can be issued for this "
                    + "instance. Set CHAT_AUTH_SECRET (at least 32 bytes) to the secret your identity provider uses.");
        } else {
            log.info("Authenticate with HS256 bearer tokens signed with CHAT_AUTH_SECRET (claims: sub, name, exp)");
        }
    }
}
