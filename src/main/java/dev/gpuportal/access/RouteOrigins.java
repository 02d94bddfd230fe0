package dev.gpuportal.access;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses requests another site's page makes with the user's cookies. Pure. The portal hands the workload its
 * token, so the workload's own cross-site checks no longer protect it: a browser request whose Origin names another
 * host than the one it was sent to (or the configured external address) does not pass. Requests without Origin are
 * not cross-site browser writes (browsers send it on those and on every WebSocket).
 */
final class RouteOrigins {

    private RouteOrigins() {}

    static boolean allowed(String origin, String host, String baseUrl) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        String originHost = authority(origin);
        if (originHost == null) {
            return false;
        }
        return originHost.equalsIgnoreCase(host == null ? "" : host)
                || (!baseUrl.isEmpty() && originHost.equalsIgnoreCase(authority(baseUrl)));
    }

    private static String authority(String url) {
        try {
            String authority = URI.create(url.strip()).getRawAuthority();
            return authority == null ? null : authority.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
