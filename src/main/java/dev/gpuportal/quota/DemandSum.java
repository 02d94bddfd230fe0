package dev.gpuportal.quota;

/**
 * What a tenant's admitted workloads of one GPU profile (null: CPU-only or stopped) hold together, summed by the
 * database: {@code workloads} of them hold {@code gpuUnits} units, and CPU, memory and storage.
 */
public record DemandSum(
        long tenantId,
        Long profileId,
        long gpuUnits,
        long cpuMillis,
        long memoryBytes,
        long storageBytes,
        long workloads) {}
