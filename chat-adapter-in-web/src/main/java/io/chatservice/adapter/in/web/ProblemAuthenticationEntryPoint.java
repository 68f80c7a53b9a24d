package io.chatservice.adapter.in.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request without a usable token with 401 and a problem body. Spring's bearer entry point writes
 * the RFC 6750 {@code WWW-Authenticate} header (with the reason a token was rejected); the status is always
 * 401, also for a malformed header, for which RFC 6750 would allow 400: to a client every token problem means
 * the same thing, get a new token.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure);
        String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? "A bearer token is required"
                : "The bearer token is invalid or expired";
        ProblemResponseWriter.write(request, response, Problems.of(ErrorCode.UNAUTHORIZED, detail));
    }
}
