package dev.gpuportal.cluster.workloads;

import dev.gpuportal.workload.WorkloadSpec;
import java.time.Instant;

/**
 * A workload as the mapping needs it: where it goes, what it is, and which GPU resource and node product its
 * profile stands for. {@code kueueQueue} is the tenant's LocalQueue when the cluster runs Kueue, else null;
 * {@code placement} is where the tenant's pods may run; {@code topologyPlaced} when Kueue places the GPUs' flavor by
 * the nodes' topology (their nodes name their block); {@code rdmaResource} the RDMA device-plugin resource those nodes
 * advertise, else null.
 */
public record WorkloadBlueprint(
        String tenantSlug,
        String namespace,
        long workloadId,
        String name,
        WorkloadSpec spec,
        String gpuResource,
        String gpuProduct,
        boolean running,
        Instant restartedAt,
        String kueueQueue,
        WorkloadPlacement placement,
        boolean topologyPlaced,
        String rdmaResource) {}
