package io.coldchain.server.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem types of the API: one stable {@code type} URI per kind of error (RFC 9457), relative
 * to the server ({@code /problems/pickup-code-invalid}), so clients can tell errors apart without
 * parsing messages.
 */
public final class Problems {

    public static final String INVALID_REQUEST = "invalid-request";
    public static final String MALFORMED_BODY = "malformed-body";
    public static final String NOT_FOUND = "not-found";
    public static final String CONFLICT = "conflict";
    public static final String CONCURRENT_UPDATE = "concurrent-update";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String SIGN_IN_THROTTLED = "sign-in-throttled";
    public static final String BODY_TOO_LARGE = "body-too-large";
    public static final String ILLEGAL_TRANSITION = "illegal-transition";
    public static final String SERVER_ERROR = "server-error";
    public static final String HTTP_ERROR = "http-error";
    public static final String VEHICLE_ON_ROUTE = "vehicle-on-route";
    public static final String ROUTE_NOT_DUE = "route-not-due";

    private Problems() {}

    /** The problem kind for a bare HTTP status (errors that carry no kind of their own). */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> CONFLICT;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            default -> status >= 500 ? SERVER_ERROR : HTTP_ERROR;
        };
    }

    public static URI type(String kind) {
        return URI.create("/problems/" + kind);
    }

    public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(kind));
        problem.setTitle(title);
        return problem;
    }
}
