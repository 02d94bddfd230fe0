package dev.gpuportal.api;

import dev.gpuportal.base.BusyException;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.DatabaseOutage;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.quota.QuotaExceededException;
import dev.gpuportal.workload.IdempotencyKeyReusedException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps the services' exceptions, and Spring MVC's own (wrong method 405 with Allow, wrong media type 415, unreadable
 * bodies and parameters 400), to RFC 9457 problem details with a machine-readable type and the same human reason
 * the UI shows. Input errors are 400 and name their fields; nothing the client sends becomes a 500.
 */
@RestControllerAdvice(basePackages = "dev.gpuportal.api")
class ApiErrors extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://gpu-portal.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
        problem.setProperty("fields", e.fieldErrors());
        return problem;
    }

    /** Tomcat refuses query strings it cannot split into parameters, e.g. "?=x" (a value without a name). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ProblemDetail unreadableParameters(Exception e) {
        return invalid(InvalidInputException.of(
                "query", "The query string could not be read: every parameter needs a name, as in ?name=value"));
    }

    @ExceptionHandler(QuotaExceededException.class)
    ProblemDetail overQuota(QuotaExceededException e) {
        return problem(HttpStatus.CONFLICT, "over-quota", e.getMessage());
    }

    /** Nothing changed and the client may simply retry: 503 with Retry-After (whole seconds, at least one). */
    @ExceptionHandler(BusyException.class)
    ResponseEntity<ProblemDetail> busy(BusyException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", e.getMessage());
    }

    @ExceptionHandler(PreconditionRequired.class)
    ProblemDetail preconditionRequired(PreconditionRequired e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", e.getMessage());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail concurrent(DataIntegrityViolationException e) {
        return problem(
                HttpStatus.CONFLICT, "conflict", "Another request changed the same thing at the same time: retry");
    }

    /** Another tenant's data: 404 without a hint that it exists. */
    @ExceptionHandler({AccessDeniedException.class, NotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found, or not yours to see");
    }

    @ExceptionHandler(ForbiddenAction.class)
    ProblemDetail forbidden(ForbiddenAction e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.causedBy(e)) {
            log.warn("API request failed while the database does not answer: {}", e.toString());
            return unavailable(DatabaseOutage.REASON, DatabaseOutage.RETRY_AFTER);
        }
        log.error("Unexpected API failure", e);
        return ResponseEntity.internalServerError()
                .body(problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal",
                        "Something went wrong on our side; it has been logged"));
    }

    /** 503 with the reason and when to try again: the failure is passing (a restart), not the client's doing. */
    static ResponseEntity<ProblemDetail> unavailable(String reason, Duration retryAfter) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", reason));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ApiRequestGuard.exceeded(e)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ApiRequestGuard.problem());
        }
        return ResponseEntity.badRequest().body(invalid(BodyErrors.describe(e)));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        return ResponseEntity.badRequest()
                .body(invalid(new InvalidInputException(
                        Map.of(name, "'" + e.getValue() + "' is not a " + expected(e.getRequiredType())))));
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "whole number within range";
        }
        if (type == java.time.Instant.class) {
            return "time such as 2026-11-29T12:00:00Z";
        }
        return "valid value";
    }

    /** Spring MVC's own problems get the portal's problem type and title too; their headers (Allow) are kept. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setType(URI.create(TYPE_BASE + typeOf(status)));
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setTitle(known == null ? null : known.getReasonPhrase());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static String typeOf(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status.is4xxClientError() ? "invalid-input" : "internal";
        };
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** A denial where the caller may see the object but not change it (403, not 404). */
    static final class ForbiddenAction extends RuntimeException {
        ForbiddenAction(String message) {
            super(message);
        }
    }

    /** A change sent without the If-Match it needs (428). */
    static final class PreconditionRequired extends RuntimeException {
        PreconditionRequired() {
            super("Send If-Match with the ETag you read (e.g. If-Match: \"3\"), so that another change is not lost");
        }
    }
}
