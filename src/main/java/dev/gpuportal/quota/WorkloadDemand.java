package dev.gpuportal.quota;

/**
 * What one admitted workload holds against its tenant's quota: {@code gpuUnits} units of a GPU profile (count per
 * pod × pods; profile null for CPU-only), and CPU, memory and storage.
 */
public record WorkloadDemand(Long profileId, long gpuUnits, long cpuMillis, long memoryBytes, long storageBytes) {}
