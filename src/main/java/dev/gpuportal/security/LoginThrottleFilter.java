package dev.gpuportal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a demo sign-in (POST /login) while its name or address is throttled: back to the sign-in page, which says
 * for how many minutes, with Retry-After.
 */
public final class LoginThrottleFilter extends OncePerRequestFilter {

    /** The sign-in page's query parameter naming the minutes to wait. */
    public static final String THROTTLED_PARAMETER = "throttled";

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && (request.getContextPath() + "/login").equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> wait = throttle.retryAfter(request.getParameter("username"), request.getRemoteAddr());
        if (wait.isPresent()) {
            // back to the form, which says why and for how long; the header for programs posting the form
            long minutes = Math.max(1, (wait.get().toSeconds() + 59) / 60);
            response.setHeader(
                    "Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            response.sendRedirect(request.getContextPath() + "/login?" + THROTTLED_PARAMETER + "=" + minutes);
            return;
        }
        chain.doFilter(request, response);
    }
}
