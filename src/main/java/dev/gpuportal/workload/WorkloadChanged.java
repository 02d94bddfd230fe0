package dev.gpuportal.workload;

/** Published after a workload's desired state changed (submitted, stopped, started, restarted, deleted). */
public record WorkloadChanged(long workloadId, long tenantId, String tenantSlug) {}
