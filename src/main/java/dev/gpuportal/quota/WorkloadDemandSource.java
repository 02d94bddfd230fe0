package dev.gpuportal.quota;

import java.util.Collection;
import java.util.List;

/** Supplies the demands of a tenant's admitted workloads (implemented by the workload feature). */
public interface WorkloadDemandSource {

    List<WorkloadDemand> activeDemands(long tenantId);

    /**
     * The demands of several tenants summed by tenant and GPU profile, for showing usage: one aggregate query
     * instead of a row per workload.
     */
    List<DemandSum> demandSums(Collection<Long> tenantIds);

    /**
     * GPU units that running workloads of every tenant hold, summed by the database per GPU profile (an archived
     * tenant's workloads are deleted with it, so these are the active tenants').
     */
    List<ProfileUnits> gpuUnitsInUse();
}
