package dev.gpuportal.quota;

/**
 * What one admitted workload holds against its tenant's quota: {@code gpuUnits} units of a GPU profile (count per
 * pod × pods; profile null for CPU-only), and CPU, memory and storage. {@code mayBorrow}: a training job, which may
 * run on GPUs borrowed from other tenants where the cluster shares them (and may then be preempted); notebooks and
 * endpoints never borrow.
 */
public record WorkloadDemand(
        Long profileId, long gpuUnits, long cpuMillis, long memoryBytes, long storageBytes, boolean mayBorrow) {

    /** A demand that never borrows (a notebook, an endpoint). */
    public WorkloadDemand(Long profileId, long gpuUnits, long cpuMillis, long memoryBytes, long storageBytes) {
        this(profileId, gpuUnits, cpuMillis, memoryBytes, storageBytes, false);
    }
}
