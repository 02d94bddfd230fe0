package dev.gpuportal.access;

/**
 * One request on a workload's route, already checked by {@link RoutePaths}: the tenant and workload it names and
 * the rest of the path (raw, starting with {@code /}) and query (raw, without the notebook token; may be empty).
 */
public record Route(RouteKind kind, String tenant, String workload, String rest, String query) {

    /** The route's own prefix, with a trailing slash: the base URL Jupyter is started with. */
    public String base() {
        return RoutePaths.base(kind, tenant, workload);
    }

    /**
     * The path and query to ask the workload for. Jupyter serves under the route's prefix (its base URL), so a
     * notebook gets the whole path; a model server serves at its root and gets only the rest.
     */
    public String upstreamPathAndQuery() {
        String path = kind == RouteKind.NOTEBOOKS ? base() + rest.substring(1) : rest;
        return query.isEmpty() ? path : path + "?" + query;
    }
}
