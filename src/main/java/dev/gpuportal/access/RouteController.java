package dev.gpuportal.access;

import dev.gpuportal.access.WorkloadUpstream.UpstreamRequest;
import dev.gpuportal.access.WorkloadUpstream.UpstreamResponse;
import dev.gpuportal.access.WorkloadUpstream.UpstreamTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Serves {@code /t/<tenant>/notebooks/<name>/**} and {@code /t/<tenant>/endpoints/<name>/**}: checks the path and
 * the caller, then streams the request to the workload and its answer back (no body is held whole in memory), or
 * hands a WebSocket upgrade to {@link RouteSockets}.
 */
@Controller
class RouteController {

    private static final Logger log = LoggerFactory.getLogger(RouteController.class);

    private final RouteAccess access;
    private final EndpointKeys keys;
    private final WorkloadUpstream upstream;
    private final RouteSockets sockets;
    private final AccessSettings settings;
    private final String sessionCookie;

    RouteController(
            RouteAccess access,
            EndpointKeys keys,
            WorkloadUpstream upstream,
            RouteSockets sockets,
            AccessSettings settings,
            @Value("${server.servlet.session.cookie.name:JSESSIONID}") String sessionCookie) {
        this.access = access;
        this.keys = keys;
        this.upstream = upstream;
        this.sockets = sockets;
        this.settings = settings;
        this.sessionCookie = sessionCookie;
    }

    @RequestMapping(RoutePaths.PREFIX + "**")
    void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Route> parsed = RoutePaths.parse(path, request.getQueryString());
        if (parsed.isEmpty()) {
            RouteAnswers.notFound(response);
            return;
        }
        Route route = parsed.get();
        if (!RouteOrigins.allowed(request.getHeader("Origin"), request.getHeader("Host"), settings.baseUrl())) {
            RouteAnswers.problem(
                    response, 403, "cross-site", "Cross-site request", "Requests from other sites do not pass");
            return;
        }
        if (route.kind() == RouteKind.ENDPOINTS && EndpointKeySecrets.inQuery(request.getQueryString())) {
            keys.refuseKeyInUrl(route);
            RouteAnswers.unauthorized(response, "Send the key in the Authorization header (Bearer), never in the URL");
            return;
        }
        RouteAccess.Decision decision =
                EndpointKeySecurity.bearer(request) != null && route.kind() == RouteKind.ENDPOINTS
                        ? keys.decide(route, EndpointKeySecurity.bearer(request))
                        : access.decide(route);
        switch (decision) {
            case RouteAccess.NotFound n -> RouteAnswers.notFound(response);
            case RouteAccess.Refused r ->
                RouteAnswers.unauthorized(response, "The key is not valid for this endpoint, or was revoked");
            case RouteAccess.NotRunning w -> RouteAnswers.notRunning(request, response, w);
            case RouteAccess.Open open -> {
                if (route.rest().isEmpty()) {
                    String query = request.getQueryString();
                    response.sendRedirect(request.getContextPath() + route.base() + (query == null ? "" : "?" + query));
                } else if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                    sockets.bridge(request, response, upstreamRequest(request, route));
                } else {
                    pass(request, response, route);
                }
            }
        }
    }

    private void pass(HttpServletRequest request, HttpServletResponse response, Route route) throws IOException {
        UpstreamRequest call = upstreamRequest(request, route);
        UpstreamResponse answer;
        try {
            answer = upstream.exchange(call);
        } catch (UpstreamTimeoutException e) {
            RouteAnswers.problem(
                    response,
                    504,
                    "workload-timeout",
                    "Workload did not answer",
                    route.workload() + " did not answer within "
                            + settings.upstreamTimeout().toSeconds() + " s");
            return;
        } catch (IOException e) {
            log.debug("Route {}: workload unreachable: {}", route.base(), e.toString());
            RouteAnswers.problem(
                    response,
                    502,
                    "workload-unreachable",
                    "Workload unreachable",
                    route.workload() + " runs but cannot be reached yet; try again in a moment");
            return;
        }
        try (answer) {
            response.setStatus(answer.status());
            answer.headers().forEach((name, values) -> {
                if (RouteHeaders.toBrowser(name)) {
                    values.forEach(v -> response.addHeader(name, v));
                }
            });
            AnswerCopy.copy(answer.body(), response.getOutputStream());
        }
    }

    private UpstreamRequest upstreamRequest(HttpServletRequest request, Route route) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (RouteHeaders.toWorkload(name)) {
                headers.put(name, Collections.list(request.getHeaders(name)));
            }
        }
        String cookies = RouteHeaders.cookiesForWorkload(Collections.list(request.getHeaders("Cookie")), sessionCookie);
        if (cookies != null) {
            headers.put("Cookie", List.of(cookies));
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return new UpstreamRequest(
                route,
                request.getMethod(),
                headers,
                hasBody ? request.getInputStream() : null,
                hasBody ? request.getContentLengthLong() : 0,
                settings.upstreamTimeout());
    }
}
