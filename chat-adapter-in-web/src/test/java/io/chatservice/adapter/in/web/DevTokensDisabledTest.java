package io.chatservice.adapter.in.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "chat.dev-tokens.enabled=false")
class DevTokensDisabledTest extends WebAdapterSliceTest {

    @Test
    void withoutDevTokensTheEndpointDoesNotExist() throws Exception {
        mvc.perform(post("/api/dev/tokens").contentType(MediaType.APPLICATION_JSON).content("{\"userId\":\"carol\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                .andExpect(jsonPath("$.token").doesNotExist());
    }
}
