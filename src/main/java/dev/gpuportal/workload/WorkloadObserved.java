package dev.gpuportal.workload;

/** Published when what Kubernetes reports about a workload changed (or it is gone), for live pages. */
public record WorkloadObserved(long workloadId, String tenantSlug) {}
