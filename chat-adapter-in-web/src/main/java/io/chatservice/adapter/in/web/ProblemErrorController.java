package io.chatservice.adapter.in.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page, replacing Spring Boot's whitelabel/JSON one, so that errors raised outside
 * Spring MVC (an exception thrown by a servlet filter, a {@code sendError} from the container) are problem
 * details too. Errors inside MVC never get here: {@link ApiExceptionHandler} answers them first.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        @Nullable Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem;
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(failure);
        if (tooLarge != null) {
            problem = RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes());
        } else {
            HttpStatusCode status = statusOf(request, failure);
            ErrorCode code = ErrorCode.forStatus(status);
            if (status.is5xxServerError()) {
                log.error("Unhandled error for {} (status {})", uri, status.value(), failure);
            }
            problem = Problems.complete(ProblemDetail.forStatusAndDetail(status, detailFor(code)), code);
        }
        if (uri != null) {
            problem.setInstance(Problems.instance(uri.toString()));
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatusCode statusOf(HttpServletRequest request, @Nullable Throwable failure) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (failure == null && status instanceof Integer code && code >= 400) {
            return HttpStatusCode.valueOf(code);
        }
        // An exception that escaped a filter is a bug whatever status the container wrote down.
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String detailFor(ErrorCode code) {
        return switch (code) {
            case INTERNAL_ERROR -> "An unexpected error occurred";
            case NOT_FOUND -> "No such resource";
            case UNAUTHORIZED -> "A valid bearer token is required";
            case FORBIDDEN -> "Access denied";
            default -> "The request could not be processed";
        };
    }
}
