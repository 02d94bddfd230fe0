package dev.gpuportal.workload;

import dev.gpuportal.quota.WorkloadDemand;
import dev.gpuportal.quota.WorkloadDemandSource;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantArchiveGuard;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What workloads hold against quota: running ones hold GPUs, CPU and memory; stopped ones keep only their volumes.
 * Also keeps tenants with live workloads from being archived.
 */
@Component
class WorkloadQuotaDemands implements WorkloadDemandSource, TenantArchiveGuard {

    private final WorkloadRequestRepository workloads;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final java.time.Clock clock;

    WorkloadQuotaDemands(
            WorkloadRequestRepository workloads,
            org.springframework.context.ApplicationEventPublisher events,
            java.time.Clock clock) {
        this.workloads = workloads;
        this.events = events;
        this.clock = clock;
    }

    /** Marks every workload of an archived tenant for deletion; the reconciler removes them. */
    @Override
    @Transactional
    public void release(Tenant tenant) {
        for (WorkloadRequest w : workloads.findByTenantId(tenant.getId())) {
            if (w.getDesiredState() != DesiredState.DELETED) {
                w.desire(DesiredState.DELETED, clock.instant());
                workloads.save(w);
                events.publishEvent(new WorkloadChanged(w.getId(), tenant.getSlug()));
            }
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<WorkloadDemand> activeDemands(long tenantId) {
        return workloads
                .findByTenantIdAndDesiredStateIn(tenantId, EnumSet.of(DesiredState.RUNNING, DesiredState.STOPPED))
                .stream()
                .map(WorkloadQuotaDemands::demand)
                .toList();
    }

    static WorkloadDemand demand(WorkloadRequest w) {
        if (w.getDesiredState() == DesiredState.STOPPED) {
            return new WorkloadDemand(null, 0, 0, 0, w.getStorageBytes());
        }
        long pods = w.getPods();
        return new WorkloadDemand(
                w.getGpuProfileId(),
                (long) w.getGpuCount() * pods,
                w.getCpuMillis() * pods,
                w.getMemoryBytes() * pods,
                w.getStorageBytes(),
                w.getKind() == WorkloadKind.TRAINING_JOB);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> whyTierCannotChange(Tenant tenant) {
        long existing = workloads.findByTenantId(tenant.getId()).size();
        return existing == 0
                ? Optional.empty()
                : Optional.of(existing + " workload" + (existing == 1 ? "" : "s")
                        + " (running or stopped, with their volumes) must be deleted first");
    }

    @Override
    public Optional<String> whyNotArchivable(Tenant tenant) {
        long running = workloads.countByTenantIdAndDesiredState(tenant.getId(), DesiredState.RUNNING);
        return running == 0
                ? Optional.empty()
                : Optional.of(
                        running + " workload" + (running == 1 ? " is" : "s are") + " still running: stop them first");
    }
}
