package io.chatservice.adapter.in.web;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat answers some requests itself, before any filter or servlet runs, such as an encoded slash or NUL in
 * the path. Its stock valve answers those in HTML; this one answers with the same problem details as the rest
 * of the API. Errors the application already answered (a body was written) pass untouched. Requests rejected
 * while the request line is parsed (a raw backslash, a URI over the header size limit) never reach a valve:
 * Tomcat answers those with an empty 400.
 *
 * <p>Public with a public constructor because Tomcat instantiates its host's error valve by class name.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = ErrorCode.forStatus(HttpStatusCode.valueOf(status));
        try {
            response.resetBuffer();
            ProblemResponseWriter.write(request, response, Problems.of(code, "The request could not be processed"));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is committed: nothing more can be said to it.
            container.getLogger().debug("Could not write the problem details of a container error", e);
        }
    }
}
