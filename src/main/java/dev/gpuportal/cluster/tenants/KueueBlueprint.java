package dev.gpuportal.cluster.tenants;

import java.util.List;

/**
 * A tenant's share of a cluster's GPUs in Kueue's terms, already resolved: its ClusterQueue in the cluster's cohort
 * with, per GPU flavor, the guaranteed units (nominal quota), how many more it may borrow and how many of its own it
 * lends; its CPU and memory (its own, neither borrowed nor lent); its fair-sharing weight; the LocalQueue in its
 * namespace that its training jobs name.
 */
public record KueueBlueprint(
        String slug,
        String namespace,
        String cohort,
        List<FlavorQuota> gpus,
        long cpuMillis,
        long memoryBytes,
        int fairSharingWeight) {

    public KueueBlueprint {
        gpus = List.copyOf(gpus);
    }

    /**
     * One GPU flavor's quota: a resource name on nodes of one product; {@code topology} when those nodes name their
     * topology, so that Kueue places the flavor's workloads by it.
     */
    public record FlavorQuota(
            String flavor,
            String resource,
            String product,
            long nominal,
            long borrowing,
            long lending,
            boolean topology) {

        /** A flavor on nodes that name no topology. */
        public FlavorQuota(String flavor, String resource, String product, long nominal, long borrowing, long lending) {
            this(flavor, resource, product, nominal, borrowing, lending, false);
        }
    }

    /** Whether any of its GPU flavors is placed by topology. */
    public boolean topologyAware() {
        return gpus.stream().anyMatch(FlavorQuota::topology);
    }

    /** The ClusterQueue's name. */
    public String clusterQueue() {
        return KueueManifests.clusterQueueName(slug);
    }
}
