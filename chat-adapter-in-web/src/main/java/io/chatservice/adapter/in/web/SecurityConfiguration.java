package io.chatservice.adapter.in.web;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer-token security. Every request needs a valid JWT except the health probes, the dev-token
 * endpoint (which exists only when dev tokens are enabled), the demo page ({@value #DEMO_PAGE}, also served at
 * {@code /}), the error page and Spring Security's own OAuth protected-resource metadata document; there is no
 * session, no CSRF (no cookies are involved, so there is nothing to forge) and no login page.
 *
 * <p>This chain matches every request and has a late order ({@link #ORDER}): another adapter that needs
 * different rules for its own paths (the WebSocket handshake, say) declares its own chain with a
 * {@code securityMatcher} and a smaller order, and is consulted first.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /** The order of Spring Boot's default chain, which this one replaces: last among application chains. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 5;

    /** The static demo page; {@code /} forwards to it (Spring Boot's welcome page). */
    static final String DEMO_PAGE = "/index.html";

    @Bean
    @Order(ORDER)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder) {
        var entryPoint = new ProblemAuthenticationEntryPoint();
        var accessDeniedHandler = new ProblemAccessDeniedHandler();
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests
                        // The error page renders errors of requests that were already authorized (or rejected).
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/api/dev/tokens").permitAll()
                        // The page holds no data: it asks for a token and sends it with every call itself.
                        .requestMatchers(HttpMethod.GET, "/", DEMO_PAGE).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        // Spring Security always serves RFC 9728 metadata at /.well-known/oauth-protected-resource
                        // (public, linked from WWW-Authenticate); make it say what is true here.
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                resource -> resource.resourceName("chat").tlsClientCertificateBoundAccessTokens(false)))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler));
        return http.build();
    }
}
