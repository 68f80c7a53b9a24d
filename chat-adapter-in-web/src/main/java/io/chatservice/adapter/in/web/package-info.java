/**
 * The REST adapter: controllers under {@code /api/v1} that turn HTTP into use-case calls, RFC 9457 problem
 * details for every error, and the JWT bearer security shared with the other inbound adapters (the
 * {@link org.springframework.security.oauth2.jwt.JwtDecoder} bean).
 */
@ApplicationModule(allowedDependencies = {"application :: port.in", "domain :: message", "domain :: room",
        "domain :: shared"})
@NullMarked
package io.chatservice.adapter.in.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
