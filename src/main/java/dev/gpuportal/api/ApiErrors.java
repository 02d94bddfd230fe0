package dev.gpuportal.api;

import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.quota.QuotaExceededException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Maps the services' exceptions to RFC 9457 problem details with a machine-readable type and the same human reason
 * the UI shows. Input errors are 400 and name their fields; nothing the client sends becomes a 500.
 */
@RestControllerAdvice(basePackages = "dev.gpuportal.api")
class ApiErrors {

    static final String TYPE_BASE = "https://gpu-portal.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
        problem.setProperty("fields", e.fieldErrors());
        return problem;
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ProblemDetail unreadable(Exception e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "The request body or a parameter could not be read: send JSON as documented");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Header " + e.getHeaderName() + " is required");
    }

    @ExceptionHandler(QuotaExceededException.class)
    ProblemDetail overQuota(QuotaExceededException e) {
        return problem(HttpStatus.CONFLICT, "over-quota", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
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
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected API failure", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side; it has been logged");
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
}
