package dev.gpuportal.quota;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The reconcilers' read-only view of quotas: a tenant's limits without any caller's rights. */
@Component
public class QuotaSnapshots {

    private final TenantQuotaRepository quotas;

    QuotaSnapshots(TenantQuotaRepository quotas) {
        this.quotas = quotas;
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
