package dev.gpuportal.access;

import dev.gpuportal.workload.WorkloadKind;
import java.util.Optional;

/** The two kinds of workload a route leads to, with the path segment that names them. */
public enum RouteKind {
    NOTEBOOKS("notebooks", WorkloadKind.NOTEBOOK),
    ENDPOINTS("endpoints", WorkloadKind.INFERENCE_ENDPOINT);

    private final String segment;
    private final WorkloadKind workloadKind;

    RouteKind(String segment, WorkloadKind workloadKind) {
        this.segment = segment;
        this.workloadKind = workloadKind;
    }

    public String segment() {
        return segment;
    }

    public WorkloadKind workloadKind() {
        return workloadKind;
    }

    static Optional<RouteKind> ofSegment(String segment) {
        for (RouteKind kind : values()) {
            if (kind.segment.equals(segment)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static Optional<RouteKind> of(WorkloadKind kind) {
        for (RouteKind route : values()) {
            if (route.workloadKind == kind) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
