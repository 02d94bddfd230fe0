package dev.gpuportal.workload;

import dev.gpuportal.tenancy.TenantSnapshots;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The reconcilers' read-only view of workloads: snapshots without any caller's rights. */
@Component
public class WorkloadSnapshots {

    private final WorkloadRequestRepository workloads;
    private final TenantSnapshots tenants;

    WorkloadSnapshots(WorkloadRequestRepository workloads, TenantSnapshots tenants) {
        this.workloads = workloads;
        this.tenants = tenants;
    }

    /** What the workload's owner asks for now, read alone (the status observer needs no more, for every event). */
    @Transactional(readOnly = true)
    public Optional<DesiredState> desiredStateOf(long id) {
        return workloads.findObservedStatus(id).map(WorkloadRequestRepository.ObservedStatus::desiredState);
    }

    @Transactional(readOnly = true)
    public Optional<WorkloadSnapshot> find(long id) {
        return workloads
                .findById(id)
                .map(w -> new WorkloadSnapshot(
                        w.getId(),
                        w.getTenantId(),
                        tenants.slugOf(w.getTenantId()).orElseThrow(),
                        w.getName(),
                        WorkloadService.specOf(w),
                        w.getGpuProfileId(),
                        w.getDesiredState(),
                        w.getRestartedAt()));
    }

    /** Every workload the reconciler should look at, deleted ones not yet gone included. */
    @Transactional(readOnly = true)
    public List<Long> allIds() {
        return workloads.findAll().stream().map(WorkloadRequest::getId).toList();
    }

    /** How many workloads a tenant still has, deleted ones not yet gone included. */
    @Transactional(readOnly = true)
    public long countOfTenant(long tenantId) {
        return workloads.findByTenantId(tenantId).size();
    }
}
