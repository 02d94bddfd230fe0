package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The reconcilers' read-only view of quotas: a tenant's limits without any caller's rights. */
@Component
public class QuotaSnapshots {

    private final TenantQuotaRepository quotas;
    private final List<WorkloadDemandSource> demandSources;
    private final GpuCatalog catalog;

    QuotaSnapshots(TenantQuotaRepository quotas, List<WorkloadDemandSource> demandSources, GpuCatalog catalog) {
        this.quotas = quotas;
        this.demandSources = demandSources;
        this.catalog = catalog;
    }

    /**
     * The GPU-equivalents the tenant's notebooks and endpoints hold: guaranteed work that no queue manager sees, so
     * its share of the guaranteed quota is kept out of what Kueue may hand out or lend.
     */
    @Transactional(readOnly = true)
    public GpuAmount heldOutsideQueue(long tenantId) {
        Map<Long, GpuProfile> profiles = new HashMap<>();
        catalog.allForAccounting().forEach(p -> profiles.put(p.getId(), p));
        return demandSources.stream()
                .flatMap(s -> s.activeDemands(tenantId).stream())
                .filter(d -> !d.mayBorrow() && d.profileId() != null && profiles.containsKey(d.profileId()))
                .map(d -> profiles.get(d.profileId()).getEquivalent().times(d.gpuUnits()))
                .reduce(GpuAmount.ZERO, GpuAmount::plus);
    }

    /** The tenant's limits; {@link QuotaLimits#NONE} when it never had a quota. */
    @Transactional(readOnly = true)
    public QuotaLimits limitsOf(long tenantId) {
        return quotas.findById(tenantId).map(TenantQuota::limits).orElse(QuotaLimits.NONE);
    }

    /** How the tenant shares GPUs where its cluster runs Kueue; the defaults when it never had a quota. */
    @Transactional(readOnly = true)
    public SharingLimits sharingOf(long tenantId) {
        return quotas.findById(tenantId).map(TenantQuota::sharing).orElse(SharingLimits.DEFAULT);
    }
}
