package dev.gpuportal.quota;

import org.springframework.data.jpa.repository.JpaRepository;

interface TenantQuotaRepository extends JpaRepository<TenantQuota, Long> {}
