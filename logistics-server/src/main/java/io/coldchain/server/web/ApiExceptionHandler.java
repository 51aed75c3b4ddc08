package io.coldchain.server.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every error into an RFC 9457 problem detail. Field errors carry an {@code errors} list of
 * {@code {field, message}} so a client can point at the offending input.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    record FieldProblem(String field, String message) {}

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), e.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        ex.getBindingResult().getGlobalErrors().forEach(e -> log.debug("global validation error {}", e));
        return fieldProblems(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof RequestGuard.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(Problems.of(
                                HttpStatus.PAYLOAD_TOO_LARGE,
                                Problems.BODY_TOO_LARGE,
                                "Request body too large",
                                tooLarge.getMessage()));
            }
        }
        JacksonException jackson = null;
        for (Throwable c = ex.getCause(); c != null && jackson == null; c = c.getCause()) {
            if (c instanceof JacksonException j && !j.getPath().isEmpty()) {
                jackson = j; // the one that knows the field (a date's parse error hides under it)
            }
        }
        if (jackson != null) {
            String field = path(jackson.getPath());
            String message;
            if (jackson instanceof InvalidFormatException invalid
                    && invalid.getTargetType() == String.class
                    && String.valueOf(invalid.getOriginalMessage()).contains(JsonStrings.CONTROL_CHARACTER)) {
                message = "must not contain NUL or other control characters";
            } else if (jackson instanceof InvalidFormatException invalid
                    && invalid.getTargetType().isEnum()) {
                message = "'" + invalid.getValue() + "' is not one of "
                        + List.of(invalid.getTargetType().getEnumConstants());
            } else if (jackson instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                message = "must be " + expected(mismatched.getTargetType());
            } else {
                message = "cannot be read";
            }
            return fieldProblems(List.of(new FieldProblem(field, message)));
        }
        String where = "";
        if (cause instanceof JacksonException j
                && j.getLocation() != null
                && j.getLocation().getLineNr() > 0) {
            where = " (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                cause instanceof JacksonException
                        ? "The body is not valid JSON" + where
                        : "The body cannot be read as JSON");
        problem.setTitle("Malformed request body");
        problem.setType(Problems.type(Problems.MALFORMED_BODY));
        return ResponseEntity.badRequest().body(problem);
    }

    /** A query or path parameter of the wrong form: which one, and the form it takes. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String name = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                ? m.getName()
                : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        return fieldProblems(List.of(new FieldProblem(
                String.valueOf(name),
                "'" + ex.getValue() + "' is not valid: must be "
                        + (type == null ? "of another form" : expected(type)))));
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> problem(ProblemException ex) {
        ProblemDetail problem = Problems.of(ex.status(), ex.kind(), ex.title(), ex.getMessage());
        ex.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
        if (ex.retryAfter() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, ex.retryAfter().toSeconds())));
        }
        return response.body(problem);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<Object> invalidField(InvalidFieldException ex) {
        return fieldProblems(List.of(new FieldProblem(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", ex.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException ex) {
        return problem(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict", ex.getMessage());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail concurrentUpdate(OptimisticLockingFailureException ex) {
        return problem(
                HttpStatus.CONFLICT,
                Problems.CONCURRENT_UPDATE,
                "Concurrent update",
                "The resource was changed by someone else at the same time; reload and retry");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException ex) {
        log.debug("integrity violation", ex);
        return problem(
                HttpStatus.CONFLICT,
                Problems.CONFLICT,
                "Conflict",
                "The request conflicts with existing data (a duplicate id or a reference in use)");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException ex) {
        return problem(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", "Your role does not allow this request");
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException ex) {
        return problem(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized", "Authentication is required");
    }

    private static ResponseEntity<Object> fieldProblems(List<FieldProblem> errors) {
        String detail = errors.stream()
                .map(e -> "'" + e.field() + "' " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("Invalid request");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setType(Problems.type(Problems.INVALID_REQUEST));
        problem.setProperties(Map.of("errors", errors));
        return ResponseEntity.badRequest().body(problem);
    }

    /** Spring MVC's own errors (404, 405, 415, ...) get our problem types too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && "about:blank".equals(String.valueOf(problem.getType()))) {
            problem.setType(Problems.type(Problems.forStatus(statusCode.value())));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** Anything unforeseen: a 500 that says so without internals; the log has the details. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error {}", id, ex);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                Problems.SERVER_ERROR,
                "Internal error",
                "An unexpected error occurred; it was logged as " + id);
    }

    private static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        return Problems.of(status, kind, title, detail);
    }

    private static String path(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The form a value of {@code type} takes, in words a client developer can act on. */
    static String expected(Class<?> type) {
        if (type == java.time.LocalDate.class) {
            return "a date in ISO 8601 form, like 2026-12-02";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "a time in RFC 3339 form, like 2026-12-02T08:00:00Z";
        }
        if (type == java.time.LocalTime.class) {
            return "a time of day, like 08:00";
        }
        if (type == java.time.Duration.class) {
            return "a duration in ISO 8601 form, like PT15M";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
