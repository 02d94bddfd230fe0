package dev.gpuportal.tenancy;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Clock clock;

    TenantService(
            TenantRepository tenants,
            TenantAccess access,
            AuditLog audit,
            List<TenantArchiveGuard> archiveGuards,
            Clock clock) {
        this.tenants = tenants;
        this.access = access;
        this.audit = audit;
        this.archiveGuards = archiveGuards;
        this.clock = clock;
    }

    /** Every tenant for platform admins; the caller's own tenants for everyone else. */
    @Transactional(readOnly = true)
    public List<Tenant> visibleTenants() {
        List<Tenant> all = tenants.findAllByOrderBySlugAsc();
        if (access.callerIsPlatformAdmin()) {
            return all;
        }
        Map<String, TenantRole> mine = access.rolesOfCaller();
        return all.stream()
                .filter(t -> mine.containsKey(t.getSlug()) && !t.isArchived())
                .toList();
    }

    /** The caller's active tenants with their role in each, for the workload pages. */
    @Transactional(readOnly = true)
    public Map<Tenant, TenantRole> myTenants() {
        Map<String, TenantRole> mine = access.rolesOfCaller();
        Map<Tenant, TenantRole> result = new java.util.LinkedHashMap<>();
        tenants.findAllByOrderBySlugAsc().stream()
                .filter(t -> mine.containsKey(t.getSlug()) && !t.isArchived())
                .forEach(t -> result.put(t, mine.get(t.getSlug())));
        return result;
    }

    @Transactional(readOnly = true)
    public Tenant get(String slug) {
        access.require(slug, TenantRole.VIEWER);
        return tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
    }

    /** For other features that have already checked the caller's rights. */
    @Transactional(readOnly = true)
    public Optional<Tenant> findForInternalUse(String slug) {
        return tenants.findBySlug(slug);
    }

    @Transactional
    public Tenant create(TenantDraft draft) {
        access.requirePlatformAdmin("create tenants");
        TenantRules.validate(draft, true);
        if (tenants.findBySlug(draft.slug().strip()).isPresent()) {
            throw InvalidInputException.of("slug", "A tenant '" + draft.slug().strip() + "' exists already");
        }
        Tenant tenant = tenants.saveAndFlush(new Tenant(draft, clock.instant()));
        audit.record(AuditAction.CREATE, ENTITY, tenant.getSlug(), tenant.getSlug(), null, tenant.toDraft());
        return tenant;
    }

    @Transactional
    public Tenant update(String slug, long expectedVersion, TenantDraft draft) {
        access.requirePlatformAdmin("edit tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        requireEditable(tenant);
        TenantRules.validate(draft, false);
        if (tenant.getVersion() != expectedVersion) {
            throw new ConflictException("Tenant '" + slug + "' was changed by someone else: reload it");
        }
        TenantDraft before = tenant.toDraft();
        tenant.apply(draft, clock.instant());
        tenants.saveAndFlush(tenant);
        audit.record(AuditAction.UPDATE, ENTITY, slug, slug, before, tenant.toDraft());
        return tenant;
    }

    /** Archives a tenant; refused (with the reason) while another feature still uses it. */
    @Transactional
    public Tenant archive(String slug) {
        access.requirePlatformAdmin("archive tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        requireEditable(tenant);
        for (TenantArchiveGuard guard : archiveGuards) {
            guard.whyNotArchivable(tenant).ifPresent(reason -> {
                throw new ConflictException("Tenant '" + slug + "' cannot be archived: " + reason);
            });
        }
        tenant.setStatus(TenantStatus.ARCHIVED, clock.instant());
        tenants.saveAndFlush(tenant);
        audit.record(AuditAction.ARCHIVE, ENTITY, slug, slug, Map.of("status", "ACTIVE"), Map.of("status", "ARCHIVED"));
        return tenant;
    }

    @Transactional
    public Tenant restore(String slug) {
        access.requirePlatformAdmin("restore tenants");
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        tenant.setStatus(TenantStatus.ACTIVE, clock.instant());
        tenants.saveAndFlush(tenant);
        audit.record(AuditAction.RESTORE, ENTITY, slug, slug, Map.of("status", "ARCHIVED"), Map.of("status", "ACTIVE"));
        return tenant;
    }

    static void requireEditable(Tenant tenant) {
        if (tenant.isManagedByFile()) {
            throw new ConflictException(
                    "Tenant '" + tenant.getSlug() + "' is managed by a file in tenants/: change the file instead");
        }
    }
}
