package dev.gpuportal.metrics;

import java.time.Instant;
import java.util.List;

/** A tenant's GPU-equivalents allocated and used over a window, against its quota. */
public record TenantUsage(MetricsStatus status, String message, List<Point> points, double quotaGpus) {

    public record Point(Instant at, double allocatedGpus, double usedGpus) {}

    public TenantUsage {
        points = List.copyOf(points);
    }
}
