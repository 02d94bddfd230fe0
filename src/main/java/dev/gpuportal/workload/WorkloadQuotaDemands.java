package dev.gpuportal.workload;

import dev.gpuportal.quota.DemandSum;
import dev.gpuportal.quota.ProfileUnits;
import dev.gpuportal.quota.WorkloadDemand;
import dev.gpuportal.quota.WorkloadDemandSource;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantArchiveGuard;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What workloads hold against quota: running ones hold GPUs, CPU and memory; stopped ones keep only their volumes.
 * Also keeps tenants with live workloads from being archived.
 */
@Component
class WorkloadQuotaDemands implements WorkloadDemandSource, TenantArchiveGuard {

    private final WorkloadRequestRepository workloads;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final java.time.Clock clock;
    private final UsageSums usage = new UsageSums();

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
                events.publishEvent(new WorkloadChanged(w.getId(), tenant.getId(), tenant.getSlug()));
            }
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<WorkloadDemand> activeDemands(long tenantId) {
        return workloads.findDemandsOf(tenantId, EnumSet.of(DesiredState.RUNNING, DesiredState.STOPPED)).stream()
                .map(d -> demand(
                        d.kind(),
                        d.desiredState(),
                        d.gpuProfileId(),
                        d.gpuCount(),
                        d.pods(),
                        d.cpuMillis(),
                        d.memoryBytes(),
                        d.storageBytes()))
                .toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<DemandSum> demandSums(java.util.Collection<Long> tenantIds) {
        if (tenantIds.isEmpty()) {
            return List.of();
        }
        return writing() ? sumDemandsOf(tenantIds) : usage.of(tenantIds, this::sumDemandsOf);
    }

    @Override
    @Transactional(readOnly = true)
    public List<ProfileUnits> gpuUnitsInUse() {
        return writing() ? workloads.sumRunningGpuUnits() : usage.inUse(workloads::sumRunningGpuUnits);
    }

    /** Commits and rollbacks alike: a sum read inside the changing transaction is not kept beyond it. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
    void onWorkloadChanged(WorkloadChanged event) {
        usage.changed(event.tenantId());
    }

    private List<DemandSum> sumDemandsOf(java.util.Collection<Long> tenantIds) {
        return workloads.sumDemandsOf(tenantIds, EnumSet.of(DesiredState.RUNNING, DesiredState.STOPPED));
    }

    /** Inside a transaction that may write, sums see its own uncommitted rows: read, never kept. */
    private static boolean writing() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly();
    }

    static WorkloadDemand demand(WorkloadRequest w) {
        return demand(
                w.getKind(),
                w.getDesiredState(),
                w.getGpuProfileId(),
                w.getGpuCount(),
                w.getPods(),
                w.getCpuMillis(),
                w.getMemoryBytes(),
                w.getStorageBytes());
    }

    /** Only training jobs may borrow idle GPUs of other tenants (notebooks and endpoints stay guaranteed). */
    private static WorkloadDemand demand(
            WorkloadKind kind,
            DesiredState state,
            Long profileId,
            int gpuCount,
            long pods,
            long cpuMillis,
            long memory,
            long storage) {
        if (state == DesiredState.STOPPED) {
            return new WorkloadDemand(null, 0, 0, 0, storage);
        }
        return new WorkloadDemand(
                profileId,
                (long) gpuCount * pods,
                cpuMillis * pods,
                memory * pods,
                storage,
                kind == WorkloadKind.TRAINING_JOB);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> whyTierCannotChange(Tenant tenant) {
        long existing = workloads.countByTenantId(tenant.getId());
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
