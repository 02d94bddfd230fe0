package dev.gpuportal.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface TenantRepository extends JpaRepository<Tenant, Long> {

    Optional<Tenant> findBySlug(String slug);

    List<Tenant> findAllByOrderBySlugAsc();

    List<Tenant> findBySlugInOrderBySlugAsc(Collection<String> slugs);

    List<Tenant> findByIsolationTier(IsolationTier tier);
}
