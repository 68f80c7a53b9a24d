package io.chatservice.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.chatservice.application.port.in.ListRoomsQuery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;

class DevTokenControllerTest extends WebAdapterSliceTest {

    @Test
    void anAnonymousClientGetsATokenTheApiAccepts() throws Exception {
        String response = mvc.perform(post("/api/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"userId\":\"carol\",\"name\":\"Carol\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.token").isString())
                .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(response, "$.token");
        given(listRooms.listRooms(any())).willReturn(List.of());

        mvc.perform(get("/api/v1/rooms").with(bearer(token))).andExpect(status().isOk());

        ArgumentCaptor<ListRoomsQuery> query = ArgumentCaptor.forClass(ListRoomsQuery.class);
        verify(listRooms).listRooms(query.capture());
        assertThat(query.getValue().caller().id().value()).isEqualTo("carol");
        assertThat(query.getValue().caller().displayName()).isEqualTo("Carol");
    }

    @Test
    void theTokenIsHs256AndLasts12Hours() throws Exception {
        String response = mvc.perform(post("/api/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"userId\":\"dave\"}"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        SignedJWT jwt = SignedJWT.parse(JsonPath.<String>read(response, "$.token"));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("dave");
        assertThat(jwt.getJWTClaimsSet().getClaim("name")).isNull();
        Duration lifetime = Duration.between(
                jwt.getJWTClaimsSet().getIssueTime().toInstant(), jwt.getJWTClaimsSet().getExpirationTime().toInstant());
        assertThat(lifetime).isEqualTo(Duration.ofHours(12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"userId\":\"\"}", "{\"userId\":null}", "{\"userId\":42}", "{\"userId\":\"a\\u0001b\"}",
            "{\"userId\":\"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\"}"})
    void theUserIdMustBeAValidUserId(String body) throws Exception {
        mvc.perform(post("/api/dev/tokens").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("userId"));
    }

    @Test
    void theNameMayNotBeLongerThanADisplayName() throws Exception {
        mvc.perform(post("/api/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"userId\":\"erin\",\"name\":\"" + "n".repeat(129) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }
}
