package dev.gpuportal.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts calls on an endpoint's route that bring neither a key nor a session: Spring Security answers them with 401
 * before the route sees them, so they are counted here, around the security filters (reason {@code no key}). Only
 * counted, not audited: anyone on the network can make them, and the audit log must not fill up with them.
 */
@Component
@Order(KeylessCallCounter.BEFORE_SECURITY)
class KeylessCallCounter extends OncePerRequestFilter {

    /** Just before Spring Security's filter chain (order -100). */
    static final int BEFORE_SECURITY = -101;

    private final RouteMetrics metrics;

    KeylessCallCounter(RouteMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith(RoutePaths.PREFIX) || request.getHeader("Authorization") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED
                && !EndpointKeySecrets.inQuery(request.getQueryString())
                && RoutePaths.parse(
                                request.getRequestURI()
                                        .substring(request.getContextPath().length()),
                                null)
                        .filter(route -> route.kind() == RouteKind.ENDPOINTS)
                        .isPresent()) {
            metrics.refused("no key");
        }
    }
}
