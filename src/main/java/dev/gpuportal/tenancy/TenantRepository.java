package dev.gpuportal.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TenantRepository extends JpaRepository<Tenant, Long> {

    Optional<Tenant> findBySlug(String slug);

    List<Tenant> findAllByOrderBySlugAsc();

    List<Tenant> findBySlugInOrderBySlugAsc(Collection<String> slugs);

    List<Tenant> findByIsolationTier(IsolationTier tier);

    /** A page of the active tenants whose slug or display name is like {@code pattern} (see LikePattern). */
    @Query("select t from Tenant t where t.status = dev.gpuportal.tenancy.TenantStatus.ACTIVE"
            + " and (lower(t.slug) like :pattern escape '\\' or lower(t.displayName) like :pattern escape '\\')")
    Page<Tenant> findActiveLike(String pattern, Pageable page);

    long countByStatus(TenantStatus status);
}
