package dev.gpuportal.access;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which headers cross the route. Pure. Hop-by-hop headers stay on their hop; the portal's own credentials (its
 * session cookie, an Authorization header meant for the portal) never reach a workload; Origin and Referer are
 * checked by the portal and not passed, as the workload would compare them with an address it does not know.
 */
final class RouteHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private static final Set<String> NOT_TO_WORKLOAD =
            Set.of("host", "content-length", "authorization", "origin", "referer", "expect");

    private RouteHeaders() {}

    static boolean toWorkload(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower)
                && !NOT_TO_WORKLOAD.contains(lower)
                && !lower.startsWith("sec-websocket-")
                && !lower.equals("cookie");
    }

    static boolean toBrowser(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower);
    }

    /** The Cookie header without the portal's session cookie, or null when nothing is left. */
    static String cookiesForWorkload(List<String> cookieHeaders, String sessionCookieName) {
        String kept = cookieHeaders.stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(";")))
                .map(String::strip)
                .filter(c -> !c.isEmpty() && !c.startsWith(sessionCookieName + "="))
                .collect(Collectors.joining("; "));
        return kept.isEmpty() ? null : kept;
    }
}
