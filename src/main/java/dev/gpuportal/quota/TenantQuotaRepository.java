package dev.gpuportal.quota;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface TenantQuotaRepository extends JpaRepository<TenantQuota, Long> {

    /** How long an admission waits for a tenant's quota row before it answers "busy, retry" (milliseconds). */
    int LOCK_WAIT_MILLIS = 2000;

    /**
     * Reads a tenant's quota and holds its row lock until the transaction ends: admissions queue up here. Waits at
     * most {@link #LOCK_WAIT_MILLIS} for the lock (PostgreSQL would otherwise wait for ever).
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "" + LOCK_WAIT_MILLIS))
    @Query("select q from TenantQuota q where q.tenantId = :tenantId")
    Optional<TenantQuota> lockByTenantId(Long tenantId);

    /** The active tenants' GPU quotas summed by denominator, so that their total is exact. */
    @Query("select new dev.gpuportal.quota.QuotaFractionSum(q.gpuDenominator, sum(q.gpuNumerator))"
            + " from TenantQuota q, Tenant t where t.id = q.tenantId"
            + " and t.status = dev.gpuportal.tenancy.TenantStatus.ACTIVE group by q.gpuDenominator")
    List<QuotaFractionSum> sumActiveGpuQuotas();

    /** Every active tenant on shared clusters, by slug, with what sharing needs of its quota (none: nulls). */
    @Query("select new dev.gpuportal.quota.SharingMemberRow(t.slug, t.clusters, q.gpuNumerator, q.gpuDenominator,"
            + " q.lendingNumerator, q.lendingDenominator)"
            + " from Tenant t left join TenantQuota q on q.tenantId = t.id"
            + " where t.status = dev.gpuportal.tenancy.TenantStatus.ACTIVE"
            + " and t.isolationTier <> dev.gpuportal.tenancy.IsolationTier.DEDICATED order by t.slug")
    List<SharingMemberRow> sharingMembers();
}
