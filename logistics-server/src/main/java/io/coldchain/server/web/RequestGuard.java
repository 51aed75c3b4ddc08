package io.coldchain.server.web;

import io.coldchain.server.ColdchainProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first filter every request meets, before sign-in: a body larger than {@code
 * coldchain.http.max-body-bytes} is refused with 413 (by its length, or as soon as a chunked body
 * passes the limit), and a query or form value with a NUL or other control character with 400. So a
 * 50 MB body is never parsed and no such value ever reaches the database.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestGuard extends OncePerRequestFilter {

    private final long maxBody;
    private final JsonMapper json;

    RequestGuard(ColdchainProperties properties, JsonMapper json) {
        this.maxBody = properties.http().maxBodyBytes();
        this.json = json;
    }

    /** Thrown while reading a body that passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBody) {
            write(
                    response,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    Problems.BODY_TOO_LARGE,
                    "Request body too large",
                    "the request body of " + request.getContentLengthLong() + " bytes is larger than the limit of "
                            + maxBody + " bytes");
            return;
        }
        for (Map.Entry<String, String[]> param : request.getParameterMap().entrySet()) {
            for (String value : param.getValue()) {
                if (hasControlCharacter(value) || hasControlCharacter(param.getKey())) {
                    write(
                            response,
                            HttpStatus.BAD_REQUEST,
                            Problems.INVALID_REQUEST,
                            "Invalid request",
                            "parameter '" + printable(param.getKey()) + "' contains a control character");
                    return;
                }
            }
        }
        chain.doFilter(new Bounded(request, maxBody), response);
    }

    /** C0 controls (and DEL) other than tab, line feed and carriage return. */
    static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private void write(HttpServletResponse response, HttpStatus status, String kind, String title, String detail)
            throws IOException {
        ProblemDetail problem = Problems.of(status, kind, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request with its body stream counted and cut off at the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int off, int len) throws IOException {
                        int n = in.read(buffer, off, len);
                        if (n > 0 && (read += n) > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
