package io.chatservice.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The checks every error answer must pass: status, problem media type, the stable code. */
final class ApiAssertions {

    private ApiAssertions() {
    }

    static JsonNode assertProblem(ApiResponse response, int status, String code) {
        assertThat(response.status()).as("status of %s, body %s", response.request(), response.text())
                .isEqualTo(status);
        String contentType = response.header("Content-Type").orElse("");
        assertThat(contentType).as("Content-Type of %s", response.request()).isNotEmpty();
        assertThat(MediaType.parseMediaType(contentType).equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as("Content-Type %s of %s is application/problem+json", contentType, response.request())
                .isTrue();
        JsonNode problem = response.json();
        assertThat(problem.path("code").stringValue(null)).as("code in %s", response.text()).isEqualTo(code);
        assertThat(problem.path("status").intValue(-1)).as("status in %s", response.text()).isEqualTo(status);
        return problem;
    }

    /** A 400 that blames {@code field}, named as the client wrote it. */
    static JsonNode assertValidationFailed(ApiResponse response, String field) {
        JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(errorFields(problem)).as("fields blamed in %s", response.text()).contains(field);
        return problem;
    }

    /** A 400 for a body that is no usable JSON at all, where no single field is to blame. */
    static JsonNode assertUnreadableBody(ApiResponse response) {
        JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").isArray()).as("errors in %s", response.text()).isTrue();
        return problem;
    }

    static List<String> errorFields(JsonNode problem) {
        return problem.path("errors").valueStream().map(error -> error.path("field").stringValue(null)).toList();
    }
}
