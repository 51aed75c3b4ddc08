package io.coldchain.server.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.ExceptionUtils;

/**
 * Tomcat's own error answers (requests it refuses before any servlet: a malformed URL, headers too
 * large) as problem+json instead of Tomcat's HTML page.
 */
public final class ProblemErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String title =
                switch (status) {
                    case 400 -> "Bad Request";
                    case 404 -> "Not Found";
                    case 413 -> "Payload Too Large";
                    case 414 -> "URI Too Long";
                    case 431 -> "Request Header Fields Too Large";
                    default -> status >= 500 ? "Internal Server Error" : "Error";
                };
        String json = "{\"type\":\"/problems/" + Problems.forStatus(status) + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"The server could not accept this request (" + title
                + ")\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            ExceptionUtils.handleThrowable(e);
        }
    }
}
