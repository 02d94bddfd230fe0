package dev.gpuportal.quota;

import java.util.List;

/** Supplies the demands of a tenant's admitted workloads (implemented by the workload feature). */
public interface WorkloadDemandSource {

    List<WorkloadDemand> activeDemands(long tenantId);
}
