package dev.gpuportal.quota;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface TenantQuotaRepository extends JpaRepository<TenantQuota, Long> {

    /** Reads a tenant's quota and holds its row lock until the transaction ends: admissions queue up here. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from TenantQuota q where q.tenantId = :tenantId")
    Optional<TenantQuota> lockByTenantId(Long tenantId);
}
