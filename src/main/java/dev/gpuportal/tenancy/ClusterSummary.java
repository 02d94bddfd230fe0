package dev.gpuportal.tenancy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A registered cluster as the console shows it: reachability, version, regions and GPU capacity. */
public record ClusterSummary(
        String name,
        boolean demo,
        String source,
        boolean reachable,
        String version,
        String lastError,
        Instant probedAt,
        Set<String> regions,
        int nodes,
        Map<String, Capacity> gpus) {

    /** Units of one GPU resource name over all nodes. */
    public record Capacity(long capacity, long allocatable) {}
}
