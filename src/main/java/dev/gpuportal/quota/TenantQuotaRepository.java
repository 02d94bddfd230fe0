package dev.gpuportal.quota;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
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
}
