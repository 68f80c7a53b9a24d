package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.chatservice.application.port.in.ListRoomsQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class BearerTokenSecurityTest extends WebAdapterSliceTest {

    @Test
    void aValidTokenIsAcceptedAndBecomesTheCaller() throws Exception {
        given(listRooms.listRooms(any())).willReturn(List.of());

        mvc.perform(get("/api/v1/rooms").with(bearer(TestTokens.valid("alice", "Alice Liddell"))))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE));

        ArgumentCaptor<ListRoomsQuery> query = ArgumentCaptor.forClass(ListRoomsQuery.class);
        verify(listRooms).listRooms(query.capture());
        assertThat(query.getValue().caller().id().value()).isEqualTo("alice");
        assertThat(query.getValue().caller().displayName()).isEqualTo("Alice Liddell");
    }

    @Test
    void theNameClaimIsOptional() throws Exception {
        given(listRooms.listRooms(any())).willReturn(List.of());

        mvc.perform(get("/api/v1/rooms").with(bearer(TestTokens.valid("bob"))))
                .andExpect(status().isOk());

        ArgumentCaptor<ListRoomsQuery> query = ArgumentCaptor.forClass(ListRoomsQuery.class);
        verify(listRooms).listRooms(query.capture());
        assertThat(query.getValue().caller().displayName()).isNull();
    }

    @Test
    void aRequestWithoutTokenIs401ProblemWithABearerChallenge() throws Exception {
        mvc.perform(get("/api/v1/rooms"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Unauthorized"))
                .andExpect(jsonPath("$.instance").value("/api/v1/rooms"));
        verifyNoInteractions(listRooms);
    }

    static Stream<Arguments> rejectedTokens() {
        Date inTenMinutes = Date.from(Instant.now().plus(Duration.ofMinutes(10)));
        return Stream.of(
                Arguments.of("expired", TestTokens.expired("alice")),
                Arguments.of("signed with another secret",
                        TestTokens.sign(TestTokens.claims("alice", null).build(), TestTokens.OTHER_SECRET,
                                JWSAlgorithm.HS256)),
                Arguments.of("alg none", TestTokens.unsigned("alice")),
                Arguments.of("HS512 instead of HS256",
                        TestTokens.sign(TestTokens.claims("alice", null).build(),
                                TestTokens.SECRET + TestTokens.SECRET, JWSAlgorithm.HS512)),
                Arguments.of("no sub", TestTokens.sign(TestTokens.claims(null, "Alice").build())),
                Arguments.of("empty sub", TestTokens.sign(TestTokens.claims("", null).build())),
                Arguments.of("sub over 64 characters", TestTokens.sign(TestTokens.claims("a".repeat(65), null).build())),
                Arguments.of("sub with a control character", TestTokens.sign(TestTokens.claims("al\nice", null).build())),
                Arguments.of("no exp", TestTokens.sign(new JWTClaimsSet.Builder().subject("alice").build())),
                Arguments.of("not valid yet", TestTokens.sign(TestTokens.claims("alice", null)
                        .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))).build())),
                Arguments.of("name not a string", TestTokens.sign(new JWTClaimsSet.Builder()
                        .subject("alice").expirationTime(inTenMinutes).claim("name", 42).build())),
                Arguments.of("name over 128 characters", TestTokens.valid("alice", "n".repeat(129))),
                Arguments.of("tampered payload", tampered(TestTokens.valid("alice"))),
                Arguments.of("not a JWT", "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void anUnacceptableTokenIs401(String why, String token) throws Exception {
        mvc.perform(get("/api/v1/rooms").with(bearer(token)))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        verifyNoInteractions(listRooms);
    }

    @Test
    void anotherAuthorizationSchemeIsNoToken() throws Exception {
        mvc.perform(get("/api/v1/rooms").header(HttpHeaders.AUTHORIZATION, "Basic YWxpY2U6c2VjcmV0"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
    }

    @Test
    void aMalformedBearerHeaderIs401Too() throws Exception {
        mvc.perform(get("/api/v1/rooms").header(HttpHeaders.AUTHORIZATION, "Bearer "))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
    }

    @Test
    void writesNeedATokenAndNoCsrfToken() throws Exception {
        mvc.perform(post("/api/v1/rooms").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"g\",\"visibility\":\"PUBLIC\"}"))
                .andExpect(status().isUnauthorized());
        given(createRoom.createRoom(any())).willReturn(Fixtures.room());
        mvc.perform(post("/api/v1/rooms").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"g\",\"visibility\":\"PUBLIC\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void healthProbesAreOpenToAnonymousCallers() throws Exception {
        // No actuator in this slice: an anonymous 404 instead of 401 shows that security let the request through.
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    @Test
    void everyOtherPathNeedsAToken() throws Exception {
        mvc.perform(get("/other.html")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/env")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/nothing-here")).andExpect(status().isUnauthorized());
    }

    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"mallory\",\"exp\":4102444800}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }
}
