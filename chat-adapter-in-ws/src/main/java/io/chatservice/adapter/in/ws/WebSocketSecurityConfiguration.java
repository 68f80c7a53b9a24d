package io.chatservice.adapter.in.ws;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The WebSocket handshake (and SockJS's HTTP transports) is open to everyone: browsers cannot put a bearer
 * token on a WebSocket handshake, so authentication happens in the STOMP CONNECT frame instead
 * ({@link StompAuthenticator}), and a connection that does not authenticate there never gets to do anything.
 * No cookies, no session, no CSRF token: without ambient credentials there is nothing to forge. Ordered before
 * the REST adapter's catch-all chain, so these paths are decided here.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketSecurityConfiguration {

    /** Before the REST adapter's chain, which is {@code Ordered.LOWEST_PRECEDENCE - 5} and matches everything. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    @Bean
    @Order(ORDER)
    SecurityFilterChain webSocketHandshakeSecurityFilterChain(HttpSecurity http) {
        http.securityMatcher(StompWebSocketConfiguration.ENDPOINT, StompWebSocketConfiguration.ENDPOINT + "/**",
                        StompWebSocketConfiguration.SOCKJS_ENDPOINT + "/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                // SockJS's iframe transport loads a page of this origin in a frame.
                .headers(headers -> headers.frameOptions(frameOptions -> frameOptions.sameOrigin()));
        return http.build();
    }
}
