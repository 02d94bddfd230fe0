package dev.gpuportal.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem from where Spring MVC does not (security filters, the body guard, the firewall): the same fields
 * as the controllers' problems, including the {@code instance} MVC fills in, so a client reads every 4xx alike.
 */
final class ServletProblems {

    private ServletProblems() {}

    static void write(
            JsonMapper json,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String type,
            String detail)
            throws IOException {
        write(
                json,
                request,
                response,
                ApiErrors.problem(status, type, detail == null ? status.getReasonPhrase() : detail));
    }

    static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // The servlet default would be ISO-8859-1, turning the details' "…" into "?"
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
