package io.chatservice.adapter.in.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.UriUtils;

/** Builds the problem details every error response carries, so that all of them have the same members. */
final class Problems {

    static final String CODE = "code";
    static final String ERRORS = "errors";
    static final String RETRY_AFTER_MS = "retryAfterMs";

    private Problems() {
    }

    /**
     * The {@code instance} member for a request path as the client sent it. Tomcat lets through some characters
     * a URI may not hold ({@code server.tomcat.relaxed-path-chars}, e.g. {@code auth0|123}): those are
     * percent-encoded rather than failing the error response itself.
     */
    static URI instance(String rawPath) {
        try {
            return URI.create(rawPath);
        } catch (IllegalArgumentException notAUri) {
            // Encode only what Tomcat let through unencoded; escapes the client sent stay as they were.
            StringBuilder encoded = new StringBuilder(rawPath.length() + 16);
            for (char c : rawPath.toCharArray()) {
                if ("|{}[]^`\"<> ".indexOf(c) >= 0) {
                    encoded.append('%').append(String.format("%02X", (int) c));
                } else {
                    encoded.append(c);
                }
            }
            try {
                return URI.create(encoded.toString());
            } catch (IllegalArgumentException stillNotAUri) {
                return URI.create(UriUtils.encodePath(rawPath, StandardCharsets.UTF_8));
            }
        }
    }

    static ProblemDetail of(ErrorCode code, String detail) {
        return complete(ProblemDetail.forStatusAndDetail(code.status(), detail), code);
    }

    static ProblemDetail validation(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(ErrorCode.VALIDATION_FAILED.status(), detail);
        problem.setProperty(ERRORS, List.copyOf(errors));
        return complete(problem, ErrorCode.VALIDATION_FAILED);
    }

    /**
     * Adds the members a client may rely on to a problem Spring built: {@code code}, and for validation
     * failures an {@code errors} list, empty when no single field is to blame.
     */
    static ProblemDetail complete(ProblemDetail problem, ErrorCode code) {
        problem.setProperty(CODE, code.name());
        if (code == ErrorCode.VALIDATION_FAILED
                && (problem.getProperties() == null || !problem.getProperties().containsKey(ERRORS))) {
            problem.setProperty(ERRORS, List.of());
        }
        return problem;
    }
}
