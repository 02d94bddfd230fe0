package dev.gpuportal.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bearer token that cannot be checked because the identity provider does not answer (its signing keys cannot be
 * fetched) is a 503 with the reason and Retry-After: the token may well be good, so neither a 401 nor a 500. Spring
 * Security rethrows such failures from the bearer token filter instead of answering; this filter, ahead of it,
 * answers them.
 */
final class IdentityProviderOutageFilter extends OncePerRequestFilter {

    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    static final String REASON = "The identity provider does not answer, so the bearer token cannot be checked"
            + " right now; nothing was changed, try again shortly";
    private static final Logger log = LoggerFactory.getLogger(IdentityProviderOutageFilter.class);

    private final ProblemWriter problems;

    IdentityProviderOutageFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException unavailable) {
            if (response.isCommitted()) {
                throw unavailable;
            }
            log.warn("Bearer token not checked, the identity provider does not answer: {}", unavailable.toString());
            response.resetBuffer();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", REASON);
        }
    }

    /** Writes an RFC 9457 problem onto a servlet response. */
    interface ProblemWriter {
        void write(
                HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String detail)
                throws IOException;
    }
}
