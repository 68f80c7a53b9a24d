package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What the server answered, kept as bytes so that text can be checked exactly as it came over the wire. */
public record ApiResponse(String request, int status, HttpHeaders headers, byte[] body) {

    public JsonNode json() {
        return ApiClient.JSON.readTree(body);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** Asserts the status, showing the body when it differs (that is where the server says why), and parses it. */
    public JsonNode expect(int expectedStatus) {
        assertThat(status).as("status of %s, body %s", request, text()).isEqualTo(expectedStatus);
        return body.length == 0 ? ApiClient.JSON.missingNode() : json();
    }
}
