/**
 * The REST adapter: controllers under {@code /api/v1} that turn HTTP into use-case calls, RFC 9457 problem
 * details for every error, and the JWT bearer security shared with the other inbound adapters (the
 * {@link org.springframework.security.oauth2.jwt.JwtDecoder} bean).
 */
@NullMarked
package io.chatservice.adapter.in.web;

import org.jspecify.annotations.NullMarked;
