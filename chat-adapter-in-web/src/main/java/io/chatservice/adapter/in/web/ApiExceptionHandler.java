package io.chatservice.adapter.in.web;

import io.chatservice.application.port.in.RateLimitedException;
import io.chatservice.application.port.in.RealtimeUnavailableException;
import io.chatservice.domain.shared.ConflictException;
import io.chatservice.domain.shared.InvalidInputException;
import io.chatservice.domain.shared.NotFoundException;
import io.chatservice.domain.shared.PermissionDeniedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error raised while handling a request becomes RFC 9457 problem details with a stable {@code code}.
 * Spring MVC's own exceptions (unknown route, wrong method, unreadable body...) come through the base
 * class; domain exceptions map by type, never by message; anything else is a 500 whose cause is logged here
 * and never shown to the client.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** At most one warning per interval while the database is unreachable: every request would fail the same way. */
    static final Duration DATABASE_WARNING_INTERVAL = Duration.ofSeconds(10);

    private final Throttle databaseWarnings;

    ApiExceptionHandler() {
        this(System::nanoTime);
    }

    ApiExceptionHandler(LongSupplier nanoTime) {
        this.databaseWarnings = new Throttle(DATABASE_WARNING_INTERVAL, nanoTime);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<Object> invalidField(InvalidFieldException ex, WebRequest request) {
        ProblemDetail problem = Problems.validation(
                "The request has an invalid field", List.of(new FieldProblem(ex.field(), ex.getMessage())));
        return respond(problem, request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalidInput(InvalidInputException ex, WebRequest request) {
        return respond(Problems.validation(ex.getMessage(), List.of()), request);
    }

    @ExceptionHandler(PermissionDeniedException.class)
    ResponseEntity<Object> permissionDenied(PermissionDeniedException ex, WebRequest request) {
        return respond(Problems.of(ErrorCode.FORBIDDEN, ex.getMessage()), request);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException ex, WebRequest request) {
        return respond(Problems.of(ErrorCode.NOT_FOUND, ex.getMessage()), request);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException ex, WebRequest request) {
        return respond(Problems.of(ErrorCode.CONFLICT, ex.getMessage()), request);
    }

    /**
     * Redis, which holds presence, cannot be reached: a condition of the service, not of the request, so the
     * client may retry. Logged without the stack trace (the cause says enough and an outage repeats it often).
     */
    @ExceptionHandler(RealtimeUnavailableException.class)
    ResponseEntity<Object> realtimeUnavailable(RealtimeUnavailableException ex, WebRequest request) {
        log.warn("Broadcast channel unavailable handling {}: {}", request.getDescription(false), ex.toString());
        return respond(Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                "The real-time service is temporarily unavailable; try again later"), request);
    }

    /**
     * The caller spent their allowance: 429 with the wait both as {@code Retry-After} (whole seconds, rounded up, as
     * RFC 9110 wants) and as {@code retryAfterMs}, for clients that can wait less than a second. Not logged: a
     * client hitting its limit is the limit working.
     */
    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Object> rateLimited(RateLimitedException ex, WebRequest request) {
        long retryAfterMs = ex.retryAfterMillis();
        ProblemDetail problem = Problems.of(ErrorCode.RATE_LIMITED,
                "Too many requests; retry after the time in Retry-After");
        problem.setProperty(Problems.RETRY_AFTER_MS, retryAfterMs);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.ceilDiv(retryAfterMs, 1000)));
        return respond(problem, headers, request);
    }

    /** Raised inside a handler (say, by method security); filters handle the ones raised before MVC. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException ex, WebRequest request) {
        return respond(Problems.of(ErrorCode.FORBIDDEN, "Access denied"), request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException ex, WebRequest request) {
        return respond(Problems.of(ErrorCode.UNAUTHORIZED, "A valid bearer token is required"), request);
    }

    /**
     * Tomcat could not decode a query parameter (its bytes are not UTF-8), which it reports only when the
     * parameter is first read. Ignoring it, as Tomcat would, could turn a sync into a history page: refused
     * instead. Which parameter failed is not named, as its name may be what could not be decoded.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(InvalidParameterException ex, WebRequest request) {
        return respond(Problems.validation("A query parameter is not valid UTF-8 once percent-decoded", List.of()),
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(ex);
        if (tooLarge != null) {
            return respond(RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes()), request);
        }
        if (DatabaseOutage.causes(ex)) {
            // Like Redis above: the service's condition, logged without the stack, and not once per request.
            long notLogged = databaseWarnings.pass();
            if (notLogged >= 0) {
                log.warn("Database unavailable handling {}: {} ({} more like it not logged; at most one such warning"
                        + " per {})", request.getDescription(false), ex.toString(), notLogged,
                        DATABASE_WARNING_INTERVAL);
            }
            return respond(Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "The service cannot reach its database right now; try again shortly"), request);
        }
        log.error("Unexpected error handling {}", request.getDescription(false), ex);
        return respond(Problems.of(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred"), request);
    }

    /** Spring says "No static resource ..."; clients only need to know there is no such endpoint. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(Problems.of(ErrorCode.NOT_FOUND, noEndpoint(ex.getHttpMethod(), request)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(
            NoHandlerFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(Problems.of(ErrorCode.NOT_FOUND, noEndpoint(ex.getHttpMethod(), request)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(error -> errors.add(fieldProblem(error)));
        ex.getBindingResult().getGlobalErrors().forEach(error -> errors.add(objectProblem(error)));
        return respond(Problems.validation("The request body is invalid", errors), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors body) {
                body.getFieldErrors().forEach(error -> errors.add(fieldProblem(error)));
            } else {
                String field = parameterName(result.getMethodParameter());
                result.getResolvableErrors().forEach(
                        error -> errors.add(new FieldProblem(field, messageOf(error.getDefaultMessage()))));
            }
        }
        return respond(Problems.validation("The request is invalid", errors), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(ex);
        if (tooLarge != null) {
            return respond(RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes()), headers, request);
        }
        // Jackson's own messages quote the input and name Java types: the client gets ours instead.
        if (ex.getCause() instanceof JacksonException json && !(json instanceof StreamReadException)
                && !json.getPath().isEmpty()) {
            FieldProblem problem = new FieldProblem(jsonPath(json), "has the wrong type or an unreadable value");
            return respond(Problems.validation("The request body has a field of the wrong type", List.of(problem)),
                    headers, request);
        }
        String detail;
        if (ex.getCause() instanceof StreamReadException) {
            detail = "The request body is not well-formed JSON";
        } else if (ex.getCause() instanceof JacksonException) {
            detail = "The request body must be a JSON object with the documented fields";
        } else if (ex.getCause() == null && StrictUtf8BodyAdvice.NOT_UTF8.equals(ex.getMessage())) {
            detail = StrictUtf8BodyAdvice.NOT_UTF8;
        } else {
            detail = "The request body is missing or unreadable";
        }
        return respond(Problems.validation(detail, List.of()), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "request";
        String expected = ex.getRequiredType() != null && Number.class.isAssignableFrom(ex.getRequiredType())
                ? "must be a whole number"
                : "has an invalid value";
        return respond(Problems.validation("The request has a parameter of the wrong type",
                List.of(new FieldProblem(field, expected))), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return respond(Problems.validation("A required parameter is missing",
                List.of(new FieldProblem(ex.getParameterName(), "is required"))), headers, request);
    }

    /** The funnel for everything the base class handles: adds {@code code} and the problem media type. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(status);
        if (problem.getProperties() == null || !problem.getProperties().containsKey(Problems.CODE)) {
            Problems.complete(problem, ErrorCode.forStatus(status));
        }
        if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
            // Set here, safely: Spring would use URI.create on the raw path, which throws for the characters
            // Tomcat is configured to let through (auth0|123), turning a 404 into a 500.
            problem.setInstance(Problems.instance(servlet.getRequest().getRequestURI()));
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        // Preset so the problem is written as problem+json whatever the client's Accept header said.
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, problemHeaders, status);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
        return respond(problem, new HttpHeaders(), request);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        return createResponseEntity(problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    private static String noEndpoint(Object method, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "";
        return "No endpoint " + method + " " + path;
    }

    private static FieldProblem fieldProblem(FieldError error) {
        return new FieldProblem(error.getField(), messageOf(error.getDefaultMessage()));
    }

    private static FieldProblem objectProblem(ObjectError error) {
        return new FieldProblem(error.getObjectName(), messageOf(error.getDefaultMessage()));
    }

    private static String messageOf(@Nullable String message) {
        return message != null ? message : "is invalid";
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        String name = parameter.getParameterName();
        return name != null ? name : "arg" + parameter.getParameterIndex();
    }

    /** {@code memberIds[2]} or {@code content}: the JSON path as a client would write it. */
    private static String jsonPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
