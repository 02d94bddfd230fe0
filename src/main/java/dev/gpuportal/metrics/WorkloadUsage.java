package dev.gpuportal.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A workload's GPU use over a window: compute (% of the GPUs it holds, pods averaged) and memory (bytes, the
 * busiest pod) per step, their peaks and average, and a smaller profile that would have done, if any.
 */
public record WorkloadUsage(
        MetricsStatus status,
        String message,
        UsageWindow window,
        List<Point> points,
        double peakComputePercent,
        double averageComputePercent,
        long peakMemoryBytes,
        Optional<RightSizing.Suggestion> suggestion) {

    public record Point(Instant at, double computePercent, long memoryBytes) {}

    public WorkloadUsage {
        points = List.copyOf(points);
    }

    static WorkloadUsage without(MetricsStatus status, String message, UsageWindow window) {
        return new WorkloadUsage(status, message, window, List.of(), 0, 0, 0, Optional.empty());
    }
}
