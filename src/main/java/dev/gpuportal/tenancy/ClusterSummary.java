package dev.gpuportal.tenancy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A registered cluster as the console shows it: reachability, version, regions and GPU capacity (without node
 * pools that serve one dedicated tenant alone). A dedicated tenant's virtual cluster names its host and tenant;
 * {@code servesVirtualClusters} says whether the cluster can host dedicated tenants.
 */
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
        Map<String, Capacity> gpus,
        String host,
        String tenant,
        Map<String, String> dedicatedPools,
        boolean servesVirtualClusters) {

    public ClusterSummary {
        dedicatedPools = dedicatedPools == null ? Map.of() : Map.copyOf(dedicatedPools);
    }

    public boolean virtual() {
        return tenant != null;
    }

    /** Units of one GPU resource name over all nodes. */
    public record Capacity(long capacity, long allocatable) {}
}
