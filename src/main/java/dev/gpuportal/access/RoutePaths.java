package dev.gpuportal.access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code /t/<tenant>/<notebooks|endpoints>/<name>/<rest>} from a raw (still percent-encoded) request path.
 * Pure. Anything that could make the rest climb out of the workload's prefix is refused, not repaired: dot segments
 * (plain or encoded), encoded slashes and backslashes, NUL and control characters. The upstream path is then built
 * from the checked parts alone, so a request can only ever reach the workload its path names.
 */
public final class RoutePaths {

    public static final String PREFIX = "/t/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2f|5c|00)", Pattern.CASE_INSENSITIVE);

    private RoutePaths() {}

    /** The prefix of a workload's route, with its trailing slash. */
    public static String base(RouteKind kind, String tenant, String workload) {
        return PREFIX + tenant + "/" + kind.segment() + "/" + workload + "/";
    }

    /**
     * The route a raw path and query lead to, or empty when the path is not a well-formed route. A path that stops
     * after the workload's name (no trailing slash) is a route with rest {@code ""}: the caller redirects it.
     */
    public static Optional<Route> parse(String rawPath, String rawQuery) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = rawPath.substring(PREFIX.length()).split("/", 4);
        if (parts.length < 3) {
            return Optional.empty();
        }
        Optional<RouteKind> kind = RouteKind.ofSegment(parts[1]);
        if (kind.isEmpty()
                || !NAME.matcher(parts[0]).matches()
                || !NAME.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        String rest = parts.length == 4 ? "/" + parts[3] : "";
        if (!safeRest(rest)) {
            return Optional.empty();
        }
        return Optional.of(new Route(kind.get(), parts[0], parts[2], rest, withoutToken(rawQuery)));
    }

    static boolean safeRest(String rest) {
        if (ENCODED_SEPARATOR.matcher(rest).find() || rest.indexOf('\\') >= 0) {
            return false;
        }
        for (String segment : rest.split("/", -1)) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return false;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The query without any {@code token} parameter: the portal hands the notebook its own token, and nobody chooses
     * it for them.
     */
    static String withoutToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (!pair.isEmpty() && !name.equals("token")) {
                kept.add(pair);
            }
        }
        return String.join("&", kept);
    }
}
