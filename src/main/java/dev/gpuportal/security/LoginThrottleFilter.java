package dev.gpuportal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses a demo sign-in (POST /login) with 429 and Retry-After while its name or address is throttled. */
final class LoginThrottleFilter extends OncePerRequestFilter {

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
            response.setStatus(429);
            response.setHeader(
                    "Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Too many failed sign-ins: try again in a few minutes.");
            return;
        }
        chain.doFilter(request, response);
    }
}
