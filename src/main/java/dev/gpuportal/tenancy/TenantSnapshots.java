package dev.gpuportal.tenancy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The reconcilers' read-only view of tenants: snapshots without any caller's rights, archived tenants included. */
@Component
public class TenantSnapshots {

    private final TenantRepository tenants;
    private final MembershipRepository memberships;

    TenantSnapshots(TenantRepository tenants, MembershipRepository memberships) {
        this.tenants = tenants;
        this.memberships = memberships;
    }

    @Transactional(readOnly = true)
    public Optional<TenantSnapshot> find(String slug) {
        return tenants.findBySlug(slug).map(this::snapshot);
    }

    @Transactional(readOnly = true)
    public Optional<TenantSnapshot> find(long id) {
        return tenants.findById(id).map(this::snapshot);
    }

    @Transactional(readOnly = true)
    public Optional<String> slugOf(long id) {
        return tenants.findById(id).map(Tenant::getSlug);
    }

    /** The slugs of every tenant the database knows, archived ones too (their objects must go). */
    @Transactional(readOnly = true)
    public List<String> allSlugs() {
        return tenants.findAllByOrderBySlugAsc().stream().map(Tenant::getSlug).toList();
    }

    /**
     * Every tenant the database knows, archived ones too, in slug order: two queries however many tenants there are
     * (reading them one by one cost two queries per tenant).
     */
    @Transactional(readOnly = true)
    public List<TenantSnapshot> all() {
        Map<Long, List<MembershipView>> members = memberships.findAllWithTenant().stream()
                .collect(Collectors.groupingBy(
                        m -> m.getTenant().getId(), Collectors.mapping(Membership::view, Collectors.toList())));
        return tenants.findAllByOrderBySlugAsc().stream()
                .map(t -> snapshot(t, members.getOrDefault(t.getId(), List.of())))
                .toList();
    }

    private TenantSnapshot snapshot(Tenant t) {
        return snapshot(
                t,
                memberships.findByTenantId(t.getId()).stream()
                        .map(Membership::view)
                        .toList());
    }

    private static TenantSnapshot snapshot(Tenant t, List<MembershipView> members) {
        return new TenantSnapshot(
                t.getId(),
                t.getSlug(),
                t.isArchived(),
                t.isDedicated(),
                t.getClusters(),
                t.getAllowedRegions(),
                t.getNodePools(),
                t.getKubernetesVersion(),
                members);
    }
}
