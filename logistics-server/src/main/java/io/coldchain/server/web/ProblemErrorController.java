package io.coldchain.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends what failed outside Spring MVC (a filter's
 * {@code sendError}, a request the firewall rejected): always a problem detail, never an HTML page,
 * never internals.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail =
                switch (status) {
                    case 400 -> "The request is malformed or was rejected";
                    case 401 -> "Authentication is required";
                    case 403 -> "Your role does not allow this request";
                    case 404 -> "There is nothing at this address";
                    case 405 -> "This address does not accept that method";
                    case 413 -> "The request is too large";
                    default -> status >= 500 ? "An unexpected error occurred" : title;
                };
        ProblemDetail problem = Problems.of(HttpStatus.valueOf(status), Problems.forStatus(status), title, detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && !RequestGuard.hasControlCharacter(path)) {
            problem.setInstance(java.net.URI.create(path.replace(" ", "%20")));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
