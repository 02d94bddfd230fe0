package dev.gpuportal.cluster.engine;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaLimits;
import dev.gpuportal.quota.QuotaSnapshots;
import dev.gpuportal.quota.SharingLimits;
import dev.gpuportal.tenancy.TenantSnapshot;
import dev.gpuportal.tenancy.TenantSnapshots;
import dev.gpuportal.workload.WorkloadSnapshot;
import dev.gpuportal.workload.WorkloadSnapshots;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the reconcilers are to make, read through the features' snapshot ports in one read-only transaction each,
 * so a pass never mixes a tenant of one moment with the quota of another. No user's rights are involved.
 */
@Component
public class WantedState {

    private final TenantSnapshots tenants;
    private final QuotaSnapshots quotas;
    private final WorkloadSnapshots workloads;
    private final GpuCatalog catalog;

    WantedState(TenantSnapshots tenants, QuotaSnapshots quotas, WorkloadSnapshots workloads, GpuCatalog catalog) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.workloads = workloads;
        this.catalog = catalog;
    }

    /**
     * A tenant with its quota, how it shares GPUs where Kueue runs, what its notebooks and endpoints hold outside the
     * queue, and the GPU catalog its quota keys are computed from.
     */
    public record TenantWanted(
            TenantSnapshot tenant,
            QuotaLimits quota,
            SharingLimits sharing,
            GpuAmount heldOutsideQueue,
            List<GpuProfile> catalog) {}

    /** A workload with its tenant and GPU profile (null for a CPU-only workload). */
    public record WorkloadWanted(WorkloadSnapshot workload, TenantSnapshot tenant, GpuProfile profile) {}

    @Transactional(readOnly = true)
    public Optional<TenantWanted> tenant(String slug) {
        return tenants.find(slug)
                .map(t -> new TenantWanted(
                        t,
                        quotas.limitsOf(t.id()),
                        quotas.sharingOf(t.id()),
                        quotas.heldOutsideQueue(t.id()),
                        catalog.allForAccounting()));
    }

    @Transactional(readOnly = true)
    public Optional<WorkloadWanted> workload(long id) {
        return workloads
                .find(id)
                .map(w -> new WorkloadWanted(
                        w,
                        tenants.find(w.tenantId()).orElseThrow(),
                        catalog.byIdForAccounting(w.gpuProfileId()).orElse(null)));
    }

    @Transactional(readOnly = true)
    public Optional<TenantSnapshot> tenantOnly(String slug) {
        return tenants.find(slug);
    }

    public List<String> tenantSlugs() {
        return tenants.allSlugs();
    }

    public List<Long> workloadIds() {
        return workloads.allIds();
    }

    public long workloadsOf(long tenantId) {
        return workloads.countOfTenant(tenantId);
    }
}
