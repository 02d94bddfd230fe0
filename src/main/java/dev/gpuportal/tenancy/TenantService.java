package dev.gpuportal.tenancy;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.LikePattern;
import dev.gpuportal.base.NotFoundException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants: platform admins create, edit and archive them; members see the tenants they belong to. */
@Service
public class TenantService {

    static final String ENTITY = "tenant";

    private final TenantRepository tenants;
    private final TenantAccess access;
    private final AuditLog audit;
    private final List<TenantArchiveGuard> archiveGuards;
    private final ClusterDirectory clusters;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TenantService(
            TenantRepository tenants,
            TenantAccess access,
            AuditLog audit,
            List<TenantArchiveGuard> archiveGuards,
            ClusterDirectory clusters,
            ApplicationEventPublisher events,
            Clock clock) {
        this.tenants = tenants;
        this.access = access;
        this.audit = audit;
        this.archiveGuards = archiveGuards;
        this.clusters = clusters;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A page of the active tenants whose slug or display name contains {@code typed} (any case; blank: all), by slug,
     * with how many there are in all (platform admins): the database finds and counts them, not a read of every
     * tenant.
     */
    @Transactional(readOnly = true)
    public Page<Tenant> activeTenantsContaining(String typed, Pageable page) {
        access.requirePlatformAdmin("list every tenant");
        return tenants.findActiveLike(LikePattern.containing(typed), page);
    }

    /** How many tenants are active (platform admins). */
    @Transactional(readOnly = true)
    public long activeTenantCount() {
        access.requirePlatformAdmin("list every tenant");
        return tenants.countByStatus(TenantStatus.ACTIVE);
    }

    /** Every tenant for platform admins; the caller's own tenants for everyone else. */
    @Transactional(readOnly = true)
    public List<Tenant> visibleTenants() {
        if (access.callerIsPlatformAdmin()) {
            return tenants.findAllByOrderBySlugAsc();
        }
        return callersActiveTenants(access.rolesOfCaller());
    }

    /** The active tenants among the caller's, read by slug: not every tenant of the platform. */
    private List<Tenant> callersActiveTenants(Map<String, TenantRole> mine) {
        if (mine.isEmpty()) {
            return List.of();
        }
        return tenants.findBySlugInOrderBySlugAsc(mine.keySet()).stream()
                .filter(t -> !t.isArchived())
                .toList();
    }

    /** The caller's active tenants with their role in each, for the workload pages. */
    @Transactional(readOnly = true)
    public Map<Tenant, TenantRole> myTenants() {
        Map<String, TenantRole> mine = access.rolesOfCaller();
        Map<Tenant, TenantRole> result = new java.util.LinkedHashMap<>();
        callersActiveTenants(mine).forEach(t -> result.put(t, mine.get(t.getSlug())));
        return result;
    }

    /** Tenants by id, for other features that have already checked the caller's rights. */
    @Transactional(readOnly = true)
    public Map<Long, Tenant> byIdsForInternalUse(Collection<Long> ids) {
        Map<Long, Tenant> byId = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            tenants.findAllById(ids).forEach(t -> byId.put(t.getId(), t));
        }
        return byId;
    }

    @Transactional(readOnly = true)
    public Tenant get(String slug) {
        access.require(slug, TenantRole.VIEWER);
        return tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
    }

    /** The slug of a tenant by id, for other features that have already checked the caller's rights. */
    @Transactional(readOnly = true)
    public String slugOf(Long tenantId) {
        return tenants.findById(tenantId)
                .map(Tenant::getSlug)
                .orElseThrow(() -> new NotFoundException("No tenant " + tenantId));
    }

    /** For other features that have already checked the caller's rights. */
    @Transactional(readOnly = true)
    public Optional<Tenant> findForInternalUse(String slug) {
        return tenants.findBySlug(slug);
    }

    @Transactional
    public Tenant create(TenantDraft draft) {
        return create(draft, List.of());
    }

    /** Creates a tenant placed on the given clusters (checked against its allowed regions). */
    @Transactional
    public Tenant create(TenantDraft draft, List<String> clusterNames) {
        check(draft, clusterNames);
        Tenant tenant = new Tenant(draft, clock.instant());
        tenant.setClusters(clusterNames, clock.instant());
        tenant = tenants.saveAndFlush(tenant);
        audit.record(AuditAction.CREATE, ENTITY, tenant.getSlug(), tenant.getSlug(), null, snapshot(tenant));
        events.publishEvent(new TenantChanged(tenant.getSlug()));
        return tenant;
    }

    /**
     * Checks a new tenant without saving it (platform admins): its fields, its placement and whether its slug is
     * free; the messages come as {@link InvalidInputException}, one per field.
     */
    @Transactional(readOnly = true)
    public void check(TenantDraft draft, List<String> clusterNames) {
        access.requirePlatformAdmin("create tenants");
        validate(draft, clusterNames, null);
        if (tenants.findBySlug(draft.slug().strip()).isPresent()) {
            throw InvalidInputException.of("slug", "A tenant '" + draft.slug().strip() + "' exists already");
        }
    }

    @Transactional
    public Tenant update(String slug, long expectedVersion, TenantDraft draft) {
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        return update(slug, expectedVersion, draft, tenant.getClusters());
    }

    @Transactional
    public Tenant update(String slug, long expectedVersion, TenantDraft draft, List<String> clusterNames) {
        access.requirePlatformAdmin("edit tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        requireEditable(tenant);
        validate(draft, clusterNames, tenant);
        if (tenant.getVersion() != expectedVersion) {
            throw new ConflictException("Tenant '" + slug + "' was changed by someone else: reload it");
        }
        checkTierChange(tenant, draft);
        Map<String, Object> before = snapshot(tenant);
        tenant.apply(draft, clock.instant());
        tenant.setClusters(clusterNames, clock.instant());
        tenants.saveAndFlush(tenant);
        audit.record(AuditAction.UPDATE, ENTITY, slug, slug, before, snapshot(tenant));
        events.publishEvent(new TenantChanged(slug));
        return tenant;
    }

    /**
     * Creates or updates a tenant declared in a file of the tenants/ folder and marks it as managed by that file
     * (the console then shows it read-only). Refuses to take over a tenant made in the console. For the tenant-file
     * sync only (an architecture rule keeps other callers out): the tenants/ folder is written by platform admins,
     * so no caller's rights are checked here; the audit log names "system".
     */
    @Transactional
    public Tenant applyFromFile(TenantDraft draft, List<String> clusterNames) {
        String slug = draft.slug() == null ? "" : draft.slug().strip();
        Optional<Tenant> existing = tenants.findBySlug(slug);
        validate(draft, clusterNames, existing.orElse(null));
        if (existing.isPresent() && !existing.get().isManagedByFile()) {
            throw InvalidInputException.of(
                    "slug", "Tenant '" + slug + "' was created in the console; a file cannot take it over");
        }
        if (existing.isPresent()) {
            checkTierChange(existing.get(), draft);
        }
        Tenant tenant = existing.orElseGet(() -> new Tenant(draft, clock.instant()));
        Map<String, Object> before = existing.map(TenantService::snapshot).orElse(null);
        tenant.apply(draft, clock.instant());
        tenant.setClusters(clusterNames, clock.instant());
        tenant.setManagedByFile(true);
        Map<String, Object> after = snapshot(tenant);
        if (after.equals(before)) {
            return tenant;
        }
        tenant = tenants.saveAndFlush(tenant);
        audit.record(before == null ? AuditAction.CREATE : AuditAction.UPDATE, ENTITY, slug, slug, before, after);
        events.publishEvent(new TenantChanged(slug));
        return tenant;
    }

    /** A tenant whose file disappeared becomes editable in the console again; nothing else changes (file sync). */
    @Transactional
    public void releaseFromFile(String slug) {
        tenants.findBySlug(slug).filter(Tenant::isManagedByFile).ifPresent(tenant -> {
            tenant.setManagedByFile(false);
            tenants.saveAndFlush(tenant);
            audit.record(
                    AuditAction.UPDATE,
                    ENTITY,
                    slug,
                    slug,
                    Map.of("managedBy", "file"),
                    Map.of("managedBy", "console"));
        });
    }

    /** The Kubernetes version a new dedicated tenant's virtual cluster gets. */
    public String defaultVirtualClusterVersion() {
        return clusters.defaultVirtualClusterVersion();
    }

    /** The registered clusters that can host dedicated tenants (their virtual cluster provider is installed). */
    public List<String> virtualClusterHosts() {
        return clusters.clusterNames().stream()
                .filter(clusters::servesVirtualClusters)
                .toList();
    }

    /** The Kubernetes versions virtual clusters can run, e.g. [v1.37, v1.38] (minor lines) or exact releases. */
    public List<String> virtualClusterVersions() {
        return clusters.virtualClusterVersions();
    }

    /** The versions virtual clusters can run, as people read them: "v1.37.x or v1.38.x". */
    public String describeVirtualClusterVersions() {
        return TenantRules.describe(clusters.virtualClusterVersions());
    }

    /** The registered clusters a tenant with these allowed regions may be placed on. */
    public List<String> eligibleClusters(List<String> allowedRegions) {
        return clusters.clusterNames().stream()
                .filter(c -> allowedRegions.isEmpty()
                        || clusters.regionsOf(c).orElse(java.util.Set.of()).stream()
                                .anyMatch(allowedRegions::contains))
                .toList();
    }

    /** Checks a draft for a new tenant ({@code existing} null) or a change of {@code existing}. */
    private void validate(TenantDraft draft, List<String> clusterNames, Tenant existing) {
        FieldErrors errors = new FieldErrors();
        try {
            TenantRules.validate(draft, existing == null);
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach(errors::add);
        }
        if (!errors.has("allowedRegions")) {
            PlacementRules.check(
                    draft.allowedRegions().stream().map(String::strip).toList(), clusterNames, clusters, errors);
        }
        if (draft.isolationTier() == IsolationTier.DEDICATED) {
            checkVirtualClusterHost(draft, clusterNames, existing, errors);
            checkDedicatedPlacement(draft, clusterNames, errors);
        }
        errors.throwIfAny();
    }

    /**
     * A tenant becomes dedicated, or moves, only onto a host that serves virtual clusters, with a Kubernetes version
     * they can run. A dedicated tenant that stays where it is keeps its version's check to the upgrade rule.
     */
    private void checkVirtualClusterHost(
            TenantDraft draft, List<String> clusterNames, Tenant existing, FieldErrors errors) {
        boolean staysOnItsHost = existing != null
                && existing.isDedicated()
                && existing.getClusters().equals(clusterNames);
        if (!staysOnItsHost && !errors.has("clusters")) {
            if (virtualClusterHosts().isEmpty()) {
                errors.add(
                        "isolationTier",
                        "No registered cluster can host dedicated tenants (none has Kamaji installed): choose shared");
            } else {
                clusterNames.stream()
                        .filter(host -> !clusters.servesVirtualClusters(host))
                        .findFirst()
                        .ifPresent(host -> errors.add(
                                "clusters",
                                "Cluster " + host + " cannot host dedicated tenants (Kamaji is not installed there): "
                                        + "choose " + String.join(" or ", virtualClusterHosts())));
            }
        }
        boolean versionChanges = existing == null
                || !existing.isDedicated()
                || !existing.getKubernetesVersion().orElse("").equals(draft.kubernetesVersion());
        if (!draft.kubernetesVersion().isEmpty() && versionChanges && !errors.has("kubernetesVersion")) {
            // a running virtual cluster's own rule (one minor release up at a time) says more than the supported list
            String problem = existing != null && existing.isDedicated()
                    ? TenantRules.upgradeProblem(
                            existing.getKubernetesVersion().orElse(clusters.defaultVirtualClusterVersion()),
                            draft.kubernetesVersion())
                    : null;
            if (problem == null) {
                problem = TenantRules.versionProblem(draft.kubernetesVersion(), clusters.virtualClusterVersions());
            }
            if (problem != null) {
                errors.add("kubernetesVersion", problem);
            }
        }
    }

    /** A dedicated tenant's control plane runs on one host cluster, whose node pools it may take for itself. */
    private void checkDedicatedPlacement(TenantDraft draft, List<String> clusterNames, FieldErrors errors) {
        if (clusterNames.size() > 1) {
            errors.add("clusters", "A dedicated tenant's virtual cluster runs on one host cluster: choose one");
        }
        if (clusterNames.size() != 1 || errors.has("clusters") || errors.has("nodePools")) {
            return;
        }
        String host = clusterNames.getFirst();
        java.util.Set<String> available = clusters.nodePoolsOf(host);
        String slug = draft.slug() == null ? "" : draft.slug().strip();
        for (String pool : draft.nodePools()) {
            if (!available.contains(pool.strip())) {
                errors.add(
                        "nodePools",
                        "Cluster " + host + " has no node pool '" + pool.strip() + "'"
                                + (available.isEmpty() ? "" : " (it has " + String.join(", ", available) + ")"));
                continue;
            }
            tenants.findByIsolationTier(IsolationTier.DEDICATED).stream()
                    .filter(t -> !t.isArchived() && !t.getSlug().equals(slug))
                    .filter(t ->
                            t.getClusters().contains(host) && t.getNodePools().contains(pool.strip()))
                    .findFirst()
                    .ifPresent(t -> errors.add(
                            "nodePools", "Node pool " + pool.strip() + " already serves tenant " + t.getSlug()));
        }
    }

    /**
     * Moving a tenant between tiers moves where its workloads and volumes live, so it is refused while it has any;
     * a dedicated tenant's Kubernetes version moves one minor release up at a time.
     */
    private void checkTierChange(Tenant tenant, TenantDraft draft) {
        IsolationTier wanted = draft.isolationTier() == null ? IsolationTier.SHARED : draft.isolationTier();
        if (wanted != tenant.getIsolationTier()) {
            for (TenantArchiveGuard guard : archiveGuards) {
                guard.whyTierCannotChange(tenant).ifPresent(reason -> {
                    throw InvalidInputException.of(
                            "isolationTier",
                            "Tenant " + tenant.getSlug() + " stays "
                                    + tenant.getIsolationTier().name().toLowerCase() + " while it has workloads: "
                                    + reason);
                });
            }
            return;
        }
        if (tenant.isDedicated() && !draft.kubernetesVersion().isEmpty()) {
            String current = tenant.getKubernetesVersion().orElse(clusters.defaultVirtualClusterVersion());
            String problem = TenantRules.upgradeProblem(current, draft.kubernetesVersion());
            if (problem != null) {
                throw InvalidInputException.of("kubernetesVersion", problem);
            }
        }
    }

    static Map<String, Object> snapshot(Tenant tenant) {
        Map<String, Object> snapshot = new java.util.LinkedHashMap<>();
        TenantDraft d = tenant.toDraft();
        snapshot.put("slug", d.slug());
        snapshot.put("displayName", d.displayName());
        snapshot.put("description", d.description());
        snapshot.put("isolationTier", d.isolationTier());
        snapshot.put("allowedRegions", d.allowedRegions());
        snapshot.put("clusters", tenant.getClusters());
        if (tenant.isDedicated()) {
            snapshot.put("kubernetesVersion", d.kubernetesVersion());
            snapshot.put("nodePools", d.nodePools());
        }
        return snapshot;
    }

    /** Archives a tenant; refused (with the reason) while another feature still uses it. */
    @Transactional
    public Tenant archive(String slug) {
        return archive(slug, false);
    }

    /** Archives a tenant at the version the caller read (the API's If-Match); refused while workloads run. */
    @Transactional
    public Tenant archive(String slug, long expectedVersion) {
        access.requirePlatformAdmin("archive tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        if (tenant.getVersion() != expectedVersion) {
            throw new ConflictException("Tenant '" + slug + "' was changed by someone else: reload it");
        }
        if (tenant.isArchived()) {
            return tenant;
        }
        return archive(slug, false);
    }

    /**
     * Archives a tenant, which removes its namespaces. Without {@code deleteWhatRuns} it is refused while workloads
     * run; with it (the admin confirmed) its workloads are deleted first.
     */
    @Transactional
    public Tenant archive(String slug, boolean deleteWhatRuns) {
        access.requirePlatformAdmin("archive tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        requireEditable(tenant);
        for (TenantArchiveGuard guard : archiveGuards) {
            if (deleteWhatRuns) {
                guard.release(tenant);
                continue;
            }
            guard.whyNotArchivable(tenant).ifPresent(reason -> {
                throw new ConflictException("Tenant '" + slug + "' cannot be archived: " + reason);
            });
        }
        tenant.setStatus(TenantStatus.ARCHIVED, clock.instant());
        tenants.saveAndFlush(tenant);
        audit.record(AuditAction.ARCHIVE, ENTITY, slug, slug, Map.of("status", "ACTIVE"), Map.of("status", "ARCHIVED"));
        events.publishEvent(new TenantChanged(slug));
        return tenant;
    }

    @Transactional
    public Tenant restore(String slug) {
        access.requirePlatformAdmin("restore tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        tenant.setStatus(TenantStatus.ACTIVE, clock.instant());
        tenants.saveAndFlush(tenant);
        audit.record(AuditAction.RESTORE, ENTITY, slug, slug, Map.of("status", "ARCHIVED"), Map.of("status", "ACTIVE"));
        events.publishEvent(new TenantChanged(slug));
        return tenant;
    }

    static void requireEditable(Tenant tenant) {
        if (tenant.isManagedByFile()) {
            throw new ConflictException(
                    "Tenant '" + tenant.getSlug() + "' is managed by a file in tenants/: change the file instead");
        }
    }
}
