package io.chatservice.adapter.in.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problem details where Spring MVC's message converters are not in play: servlet filters and Spring
 * Security's entry point and access-denied handler, which run before the DispatcherServlet. The JSON has the
 * same members, in the same order, as the problems the MVC exception handler returns.
 */
final class ProblemResponseWriter {

    private ProblemResponseWriter() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(Problems.instance(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonMapper.shared().writeValue(response.getOutputStream(), asMap(problem));
    }

    /** Members that are not set are left out, as Spring MVC leaves them out ({@code type} then means about:blank). */
    private static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        putIfSet(json, "type", problem.getType());
        putIfSet(json, "title", problem.getTitle());
        json.put("status", problem.getStatus());
        putIfSet(json, "detail", problem.getDetail());
        putIfSet(json, "instance", problem.getInstance());
        if (problem.getProperties() != null) {
            json.putAll(problem.getProperties());
        }
        return json;
    }

    private static void putIfSet(Map<String, Object> json, String member, @Nullable Object value) {
        if (value != null) {
            json.put(member, value.toString());
        }
    }
}
