package dev.gpuportal.workload;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.Durations;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaAdmission;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.quota.WorkloadDemand;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notebooks, training jobs and inference endpoints: submit (validated, then admitted against quota in the same
 * transaction), list, stop, start, restart and delete. Members submit; owners and tenant admins change a workload.
 */
@Service
public class WorkloadService {

    static final String ENTITY = "workload";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter IDLE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final WorkloadRequestRepository workloads;
    private final TenantService tenants;
    private final TenantAccess access;
    private final GpuCatalog catalog;
    private final QuotaAdmission admission;
    private final QuotaService quotas;
    private final WorkloadSettings settings;
    private final GpuNodeCapacity capacity;
    private final WorkloadDiagnostics diagnostics;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WorkloadService(
            WorkloadRequestRepository workloads,
            TenantService tenants,
            TenantAccess access,
            GpuCatalog catalog,
            QuotaAdmission admission,
            QuotaService quotas,
            WorkloadSettings settings,
            GpuNodeCapacity capacity,
            WorkloadDiagnostics diagnostics,
            AuditLog audit,
            CurrentUser currentUser,
            ApplicationEventPublisher events,
            Clock clock) {
        this.workloads = workloads;
        this.tenants = tenants;
        this.access = access;
        this.catalog = catalog;
        this.admission = admission;
        this.quotas = quotas;
        this.settings = settings;
        this.capacity = capacity;
        this.diagnostics = diagnostics;
        this.audit = audit;
        this.currentUser = currentUser;
        this.events = events;
        this.clock = clock;
    }

    /** Validates, admits against the tenant's quota and stores a request; the reconciler then creates it. */
    @Transactional
    public WorkloadView submit(WorkloadForm form) {
        return submit(form, null).workload();
    }

    /** A submission's result: the workload, and whether it was created now or by an earlier call with the same key. */
    public record Submitted(WorkloadView workload, boolean created) {}

    /**
     * Like {@link #submit(WorkloadForm)}; a repeated {@code idempotencyKey} of the same caller returns the workload
     * the first call created instead of creating another.
     */
    @Transactional
    public Submitted submit(WorkloadForm form, String idempotencyKey) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null) {
            if (key.length() > 200) {
                throw InvalidInputException.of("Idempotency-Key", "At most 200 characters");
            }
            var earlier =
                    workloads.findByOwnerAndIdempotencyKey(currentUser.require().username(), key);
            if (earlier.isPresent()) {
                return new Submitted(get(earlier.get().getId()), false);
            }
        }
        return new Submitted(create(form, key), true);
    }

    private WorkloadView create(WorkloadForm form, String idempotencyKey) {
        String slug = form.tenant() == null ? "" : form.tenant().strip();
        if (slug.isEmpty()) {
            throw InvalidInputException.of("tenant", "Choose a tenant");
        }
        access.require(slug, TenantRole.MEMBER);
        Tenant tenant = tenants.get(slug);
        if (tenant.isArchived()) {
            throw new ConflictException("Tenant '" + slug + "' is archived: no new workloads");
        }
        Map<String, GpuProfile> profiles = enabledProfiles();
        WorkloadSpec spec = WorkloadRules.validate(form, new WorkloadRules.Context(profiles, settings, capacity));
        String name = form.name().strip();
        if (workloads.findByTenantIdAndName(tenant.getId(), name).isPresent()) {
            throw InvalidInputException.of("name", "Tenant " + slug + " already has a workload named " + name);
        }
        GpuProfile profile = spec.gpuProfile() == null ? null : profiles.get(spec.gpuProfile());
        admission.admit(tenant, demandOf(spec, profile));
        WorkloadRequest request = workloads.saveAndFlush(new WorkloadRequest(
                tenant.getId(),
                name,
                currentUser.require().username(),
                spec,
                profile == null ? null : profile.getId(),
                JSON.writeValueAsString(spec),
                clock.instant()));
        if (idempotencyKey != null) {
            request.idempotencyKey(idempotencyKey);
            workloads.saveAndFlush(request);
        }
        audit.record(AuditAction.CREATE, ENTITY, slug + "/" + name, slug, null, spec);
        events.publishEvent(new WorkloadChanged(request.getId(), slug));
        return view(request, tenant, profile);
    }

    /**
     * What a request would cost and what the tenant has left, for the form before submitting. Null when the GPU
     * part of the form cannot be read yet.
     */
    @Transactional(readOnly = true)
    public CostPreview preview(String tenantSlug, String gpuProfile, String gpuCount, int pods) {
        QuotaUsage usage = quotas.usageOf(tenantSlug);
        GpuProfile profile = gpuProfile == null || gpuProfile.isBlank()
                ? null
                : enabledProfiles().get(gpuProfile);
        long count;
        try {
            count = profile == null
                    ? 0
                    : Long.parseLong(gpuCount == null || gpuCount.isBlank() ? "1" : gpuCount.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        GpuAmount cost =
                profile == null ? GpuAmount.ZERO : profile.getEquivalent().times(count * Math.max(1, pods));
        return new CostPreview(cost, usage.gpusLeft(), usage.quota().limits().gpus());
    }

    /** A request's cost in GPU-equivalents next to what its tenant has left. */
    public record CostPreview(GpuAmount cost, GpuAmount left, GpuAmount quota) {

        public boolean fits() {
            return !cost.isGreaterThan(left);
        }

        public String text() {
            return "Costs " + cost.toPrettyString() + " GPU (" + cost.toDecimalString() + "); your tenant has "
                    + left.toDecimalString() + " of " + quota.toDecimalString() + " GPU left";
        }
    }

    @Transactional(readOnly = true)
    public List<WorkloadView> listMine() {
        Map<Tenant, TenantRole> mine = tenants.myTenants();
        Map<Long, Tenant> byId = mine.keySet().stream().collect(Collectors.toMap(Tenant::getId, Function.identity()));
        return views(workloads.findByTenantIdInOrderByCreatedAtDesc(byId.keySet()), byId);
    }

    @Transactional(readOnly = true)
    public List<WorkloadView> listOfTenant(String tenantSlug) {
        Tenant tenant = tenants.get(tenantSlug);
        return views(
                workloads.findByTenantIdInOrderByCreatedAtDesc(List.of(tenant.getId())),
                Map.of(tenant.getId(), tenant));
    }

    /** One workload; callers outside its tenant learn nothing, not even that it exists. */
    @Transactional(readOnly = true)
    public WorkloadView get(long id) {
        WorkloadRequest w = readable(id);
        Tenant tenant = tenants.findForInternalUse(tenantSlugOf(w)).orElseThrow();
        return view(w, tenant, profileOf(w));
    }

    @Transactional(readOnly = true)
    public List<WorkloadDiagnostics.EventLine> events(long id) {
        WorkloadRequest w = readable(id);
        return diagnostics.events(w, tenantSlugOf(w));
    }

    @Transactional(readOnly = true)
    public String logs(long id, int tailLines) {
        WorkloadRequest w = readable(id);
        return diagnostics.logs(w, tenantSlugOf(w), Math.max(1, Math.min(tailLines, 5000)));
    }

    /** Follows a workload's log; the caller's rights are checked once, when following starts. */
    @Transactional(readOnly = true)
    public Runnable followLogs(long id, java.util.function.Consumer<String> line) {
        WorkloadRequest w = readable(id);
        return diagnostics.follow(w, tenantSlugOf(w), line);
    }

    @Transactional
    public WorkloadView stop(long id) {
        WorkloadRequest w = changeable(id);
        if (w.getKind() == WorkloadKind.TRAINING_JOB) {
            throw new ConflictException("A training job cannot be paused: delete it, or let it finish");
        }
        return transition(
                w,
                DesiredState.STOPPED,
                "stop",
                "Stopped by " + currentUser.require().username());
    }

    /**
     * Stops a notebook that sat idle for its tenant's limit, keeping its volume; the reason tells the owner why and
     * how to go on (idle culler; runs as the portal itself).
     */
    @Transactional
    public void stopIdle(long id, Instant idleSince, Duration limit) {
        workloads
                .findById(id)
                .filter(w -> w.getKind() == WorkloadKind.NOTEBOOK && w.getDesiredState() == DesiredState.RUNNING)
                .ifPresent(w -> transition(
                        w,
                        DesiredState.STOPPED,
                        "stop-idle",
                        "Stopped after " + Durations.format(limit) + " without activity (idle since "
                                + IDLE_TIME.format(idleSince)
                                + "); the workspace volume is kept: start it again when you need it"));
    }

    /** How many workloads a tenant still has, deleted ones not yet gone included (reconciler; no caller rights). */
    @Transactional(readOnly = true)
    public long countForInternalUse(long tenantId) {
        return workloads.findByTenantId(tenantId).size();
    }

    /** Running notebooks, for the idle culler (no caller rights). */
    @Transactional(readOnly = true)
    public List<WorkloadRequest> runningNotebooksForInternalUse() {
        return workloads.findByKindAndDesiredStateAndObservedPhase(
                WorkloadKind.NOTEBOOK, DesiredState.RUNNING, ObservedPhase.RUNNING);
    }

    @Transactional
    public WorkloadView start(long id) {
        WorkloadRequest w = changeable(id);
        if (w.getDesiredState() != DesiredState.STOPPED) {
            throw new ConflictException(w.getName() + " is not stopped");
        }
        Tenant tenant = tenants.findForInternalUse(tenantSlugOf(w)).orElseThrow();
        WorkloadSpec spec = specOf(w);
        admission.admit(tenant, demandOf(spec, profileOf(w)), WorkloadQuotaDemands.demand(w));
        return transition(w, DesiredState.RUNNING, "start", null);
    }

    @Transactional
    public WorkloadView restart(long id) {
        WorkloadRequest w = changeable(id);
        if (w.getDesiredState() != DesiredState.RUNNING) {
            throw new ConflictException(w.getName() + " is not running: start it instead");
        }
        w.restart(clock.instant());
        workloads.saveAndFlush(w);
        String slug = tenantSlugOf(w);
        audit.record(AuditAction.UPDATE, ENTITY, slug + "/" + w.getName(), slug, null, Map.of("action", "restart"));
        events.publishEvent(new WorkloadChanged(w.getId(), slug));
        return get(id);
    }

    @Transactional
    public WorkloadView delete(long id) {
        return transition(changeable(id), DesiredState.DELETED, "delete", null);
    }

    private WorkloadView transition(WorkloadRequest w, DesiredState state, String action, String stopReason) {
        DesiredState before = w.getDesiredState();
        w.desire(state, clock.instant());
        if (state == DesiredState.STOPPED) {
            w.observe(ObservedPhase.STOPPED, stopReason, clock.instant());
        }
        workloads.saveAndFlush(w);
        String slug = tenantSlugOf(w);
        audit.record(
                AuditAction.UPDATE,
                ENTITY,
                slug + "/" + w.getName(),
                slug,
                Map.of("desired", before),
                Map.of("desired", state, "action", action));
        events.publishEvent(new WorkloadChanged(w.getId(), slug));
        return get(w.getId());
    }

    private WorkloadRequest readable(long id) {
        // An unknown id gets the same answer as someone else's workload: nobody learns which ids exist.
        WorkloadRequest w = workloads
                .findById(id)
                .orElseThrow(() -> new AccessDeniedException("You have no access to workload " + id));
        try {
            access.require(tenantSlugOf(w), TenantRole.VIEWER);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException("You have no access to workload " + id);
        }
        return w;
    }

    /** Owners change their own workloads; tenant admins change any in their tenant. */
    private WorkloadRequest changeable(long id) {
        WorkloadRequest w = readable(id);
        PortalUser user = currentUser.require();
        String slug = tenantSlugOf(w);
        if (w.getDesiredState() == DesiredState.DELETED) {
            throw new ConflictException(w.getName() + " is being deleted");
        }
        if (user.platformAdmin()) {
            return w;
        }
        TenantRole role = access.roleOfCaller(slug).orElse(null);
        boolean owner = w.getOwner().equals(user.username()) && role != null && role.includes(TenantRole.MEMBER);
        if (!owner && role != TenantRole.TENANT_ADMIN) {
            throw new AccessDeniedException(
                    "Only " + w.getOwner() + " or a tenant admin of " + slug + " may change " + w.getName());
        }
        return w;
    }

    private Map<String, GpuProfile> enabledProfiles() {
        return catalog.allForAccounting().stream()
                .filter(GpuProfile::isEnabled)
                .collect(Collectors.toMap(GpuProfile::getName, Function.identity()));
    }

    static WorkloadDemand demandOf(WorkloadSpec spec, GpuProfile profile) {
        return new WorkloadDemand(
                profile == null ? null : profile.getId(),
                profile == null ? 0 : (long) spec.gpuCount() * spec.pods(),
                spec.cpuMillis() * spec.pods(),
                spec.memoryBytes() * spec.pods(),
                spec.storageBytes());
    }

    static WorkloadSpec specOf(WorkloadRequest w) {
        return JSON.readValue(w.getSpec(), WorkloadSpec.class);
    }

    private GpuProfile profileOf(WorkloadRequest w) {
        return catalog.byIdForAccounting(w.getGpuProfileId()).orElse(null);
    }

    private String tenantSlugOf(WorkloadRequest w) {
        return tenants.slugOf(w.getTenantId());
    }

    private List<WorkloadView> views(List<WorkloadRequest> list, Map<Long, Tenant> tenantsById) {
        Map<Long, GpuProfile> profiles =
                catalog.allForAccounting().stream().collect(Collectors.toMap(GpuProfile::getId, Function.identity()));
        return list.stream()
                .map(w -> view(
                        w,
                        tenantsById.get(w.getTenantId()),
                        w.getGpuProfileId() == null ? null : profiles.get(w.getGpuProfileId())))
                .toList();
    }

    static WorkloadView view(WorkloadRequest w, Tenant tenant, GpuProfile profile) {
        String gpus = profile == null
                ? "CPU only"
                : w.getGpuCount() + " × " + profile.getShortLabel()
                        + (w.getPods() > 1 ? " × " + w.getPods() + " pods" : "");
        String equivalent = profile == null
                ? "0"
                : profile.getEquivalent()
                        .times((long) w.getGpuCount() * w.getPods())
                        .toPrettyString();
        return new WorkloadView(
                w.getId(),
                tenant.getSlug(),
                w.getKind(),
                w.getName(),
                w.getOwner(),
                profile == null ? null : profile.getName(),
                gpus,
                equivalent,
                w.getDesiredState(),
                w.getObservedPhase(),
                w.getObservedReason(),
                w.getCreatedAt(),
                w.getObservedAt(),
                specOf(w),
                w.getVersion());
    }

    /** Stores what Kubernetes reports for a workload (status observer; no caller rights). */
    @Transactional
    public void recordObservation(long id, ObservedPhase phase, String reason) {
        workloads.findById(id).ifPresent(w -> {
            if (w.getDesiredState() == DesiredState.STOPPED
                    && (phase != ObservedPhase.STOPPED || w.getObservedPhase() == ObservedPhase.STOPPED)) {
                // pods still shutting down, or gone: keep showing who stopped it and why
                return;
            }
            if (w.observe(phase, reason, clock.instant())) {
                workloads.save(w);
                events.publishEvent(new WorkloadObserved(id, tenants.slugOf(w.getTenantId())));
            }
        });
    }

    /** Removes a deleted workload's record once its Kubernetes objects are gone (reconciler; no caller rights). */
    @Transactional
    public void purge(long id) {
        workloads
                .findById(id)
                .filter(w -> w.getDesiredState() == DesiredState.DELETED)
                .ifPresent(w -> {
                    workloads.delete(w);
                    events.publishEvent(new WorkloadObserved(id, tenants.slugOf(w.getTenantId())));
                });
    }

    /** Every workload the reconciler should look at, with what it needs to render it. */
    @Transactional(readOnly = true)
    public List<Long> allIdsForInternalUse() {
        return workloads.findAll().stream().map(WorkloadRequest::getId).toList();
    }

    /** A tenant's workload by name, for the routes to workloads (which check the caller's rights themselves). */
    @Transactional(readOnly = true)
    public Optional<WorkloadRequest> findByNameForInternalUse(String tenantSlug, String name) {
        return tenants.findForInternalUse(tenantSlug).flatMap(t -> workloads.findByTenantIdAndName(t.getId(), name));
    }

    /** For the reconciler and the status observer (no caller rights). */
    @Transactional(readOnly = true)
    public Optional<WorkloadRequest> findForInternalUse(long id) {
        return workloads.findById(id);
    }
}
