package dev.gpuportal.workload;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.BusyException;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.Durations;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuNeed;
import dev.gpuportal.gpu.GpuNeedRules;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileKind;
import dev.gpuportal.quota.QuotaAdmission;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.quota.QuotaShortfall;
import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.quota.WorkloadDemand;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.security.PortalUser;
import dev.gpuportal.tenancy.ClusterDirectory;
import dev.gpuportal.tenancy.ClusterSummary;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notebooks, training jobs and inference endpoints: submit (validated, then admitted against quota in the same
 * transaction), list, stop, start, restart and delete. Members submit; owners and tenant admins change a workload.
 */
@Service
public class WorkloadService {

    static final String ENTITY = "workload";
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
    private final FastInterconnect fastInterconnect;
    private final WorkloadDiagnostics diagnostics;
    private final ClusterDirectory clusters;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<ApplyBacklog> backlog;

    WorkloadService(
            WorkloadRequestRepository workloads,
            TenantService tenants,
            TenantAccess access,
            GpuCatalog catalog,
            QuotaAdmission admission,
            QuotaService quotas,
            WorkloadSettings settings,
            GpuNodeCapacity capacity,
            FastInterconnect fastInterconnect,
            WorkloadDiagnostics diagnostics,
            ClusterDirectory clusters,
            AuditLog audit,
            CurrentUser currentUser,
            ApplicationEventPublisher events,
            Clock clock,
            org.springframework.beans.factory.ObjectProvider<ApplyBacklog> backlog) {
        this.workloads = workloads;
        this.tenants = tenants;
        this.access = access;
        this.catalog = catalog;
        this.admission = admission;
        this.quotas = quotas;
        this.settings = settings;
        this.capacity = capacity;
        this.fastInterconnect = fastInterconnect;
        this.diagnostics = diagnostics;
        this.clusters = clusters;
        this.audit = audit;
        this.currentUser = currentUser;
        this.events = events;
        this.clock = clock;
        this.backlog = backlog;
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
                if (!sameRequest(earlier.get(), form)) {
                    throw new IdempotencyKeyReusedException(key);
                }
                return new Submitted(get(earlier.get().getId()), false);
            }
        }
        return new Submitted(create(form, key), true);
    }

    /**
     * Like {@link #submit(WorkloadForm, String)}, with the GPUs given as a need instead of a profile: the cheapest
     * profile the tenant may use that covers it is picked first. A need beside a profile, or a need nothing covers, is
     * refused at its field and creates nothing; without a need this is the plain submission.
     */
    @Transactional
    public Submitted submit(WorkloadForm form, GpuNeed need, String idempotencyKey) {
        if (need == null) {
            return submit(form, idempotencyKey);
        }
        if (form.gpuProfile() != null && !form.gpuProfile().isBlank()) {
            throw InvalidInputException.of(GpuNeed.FIELD, "Give either a GPU profile or a GPU need, not both");
        }
        if (form.gpuCount() != null && !form.gpuCount().isBlank()) {
            throw InvalidInputException.of("gpuCount", "A GPU need picks the count itself: leave gpuCount out");
        }
        GpuNeedRules.Pick pick = pick(form.tenant(), need);
        return submit(form.withGpus(pick.profile(), Integer.toString(pick.units())), idempotencyKey);
    }

    /**
     * The profile a stated need picks from the catalog {@code tenantSlug} may use (enabled, not capped at 0 by its
     * quota, offered by some node), and why; members of the tenant only.
     */
    @Transactional(readOnly = true)
    public GpuNeedRules.Pick pick(String tenantSlug, GpuNeed need) {
        String slug = tenantSlug == null ? "" : tenantSlug.strip();
        if (slug.isEmpty()) {
            throw InvalidInputException.of("tenant", "Choose a tenant");
        }
        access.require(slug, TenantRole.MEMBER);
        Map<Long, Integer> caps = quotas.quotaOf(slug).limits().profileCaps();
        Map<String, Integer> mostPerPod = new java.util.HashMap<>();
        List<CatalogChoice> usable = enabledProfiles().values().stream()
                .map(p -> {
                    long offered =
                            capacity.largestNodeOffer(p.getResourceName()).orElse(MAX_GPUS_PER_POD);
                    long most = p.getKind() == GpuProfileKind.WHOLE
                            ? Math.min(offered, MAX_GPUS_PER_POD)
                            : Math.min(offered, 1);
                    Integer cap = caps.get(p.getId());
                    mostPerPod.put(p.getName(), (int) (cap == null ? most : Math.min(most, cap)));
                    return CatalogChoice.of(p);
                })
                .toList();
        return GpuNeedRules.pick(need, usable, p -> mostPerPod.getOrDefault(p.name(), 0));
    }

    /** The most GPUs one pod may ask for (the form's own limit). */
    private static final long MAX_GPUS_PER_POD = 64;

    /** Whether a retried submission asks for what the first one did: same tenant, name, kind and spec. */
    private boolean sameRequest(WorkloadRequest earlier, WorkloadForm form) {
        String slug = form.tenant() == null ? "" : form.tenant().strip();
        String name = form.name() == null ? "" : form.name().strip();
        if (!slug.equals(tenants.slugOf(earlier.getTenantId()))
                || !name.equals(earlier.getName())
                || form.kind() != earlier.getKind()) {
            return false;
        }
        try {
            WorkloadSpec spec =
                    WorkloadRules.validate(form, new WorkloadRules.Context(enabledProfiles(), settings, capacity));
            return spec.equals(earlier.getSpec());
        } catch (InvalidInputException e) {
            return false;
        }
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
        refuseWhileTheClustersAreFarBehind();
        GpuProfile profile = spec.gpuProfile() == null ? null : profiles.get(spec.gpuProfile());
        refuseFastInterconnectWhereThereIsNone(tenant, spec, profile);
        WorkloadRequest request = new WorkloadRequest(
                tenant.getId(),
                name,
                currentUser.require().username(),
                spec,
                profile == null ? null : profile.getId(),
                clock.instant());
        if (idempotencyKey != null) {
            request.idempotencyKey(idempotencyKey);
        }
        // written before admission: the tenant's quota lock is then held for the decision and one insert only
        audit.record(AuditAction.CREATE, ENTITY, slug + "/" + name, slug, null, spec);
        admission.admit(tenant, demandOf(spec, profile));
        request = workloads.saveAndFlush(request);
        events.publishEvent(new WorkloadChanged(request.getId(), request.getTenantId(), slug));
        return view(request, tenant, profile);
    }

    /** Workers asked to stay together on the fast interconnect need a cluster whose queue and nodes can do that. */
    private void refuseFastInterconnectWhereThereIsNone(Tenant tenant, WorkloadSpec spec, GpuProfile profile) {
        if (spec instanceof WorkloadSpec.Training t && t.fastInterconnect() && profile != null) {
            fastInterconnect
                    .whyNot(tenant.getClusters(), profile.getResourceName(), profile.getGpuModel())
                    .ifPresent(why -> {
                        throw InvalidInputException.of("fastInterconnect", why);
                    });
        }
    }

    /** How long a submission refused for the apply backlog is asked to wait before it tries again. */
    static final java.time.Duration BACKLOG_RETRY_AFTER = java.time.Duration.ofSeconds(5);

    private void refuseWhileTheClustersAreFarBehind() {
        ApplyBacklog queue = backlog.getIfUnique();
        if (queue != null && queue.waiting() >= queue.limit()) {
            throw new BusyException(
                    "The clusters are still being given " + queue.waiting() + " workloads: nothing was changed, try"
                            + " again in a few seconds",
                    BACKLOG_RETRY_AFTER);
        }
    }

    /** The fields a request's cost depends on: while one of them is wrong, no cost is shown. */
    public static final Set<String> COST_FIELDS = Set.of(
            "gpuProfile",
            "gpuCount",
            "cpu",
            "memory",
            "workspace",
            "checkpoint",
            "workers",
            "minReplicas",
            "maxReplicas");

    public static final String DEMO_CLUSTER_NOTICE = "Demo cluster: this portal runs on its in-memory demo cluster,"
            + " which stores what you request but schedules and runs nothing, so workloads stay Pending. Connect a real"
            + " cluster (see the README) to run them.";

    /**
     * What a request would cost, and every limit of the tenant's quota it would exceed, for the form before
     * submitting: the same validation and the same admission rule as {@link #submit(WorkloadForm)}, without storing or
     * locking anything.
     */
    @Transactional(readOnly = true)
    public CostPreview preview(WorkloadForm form) {
        String slug = form.tenant() == null ? "" : form.tenant().strip();
        access.require(slug, TenantRole.MEMBER);
        Tenant tenant = tenants.get(slug);
        QuotaUsage usage = quotas.usageOf(slug);
        Map<String, GpuProfile> profiles = enabledProfiles();
        var checked = WorkloadRules.check(form, new WorkloadRules.Context(profiles, settings, capacity));
        Map<String, String> wrong = new TreeMap<>();
        checked.errors().forEach((field, message) -> {
            if (COST_FIELDS.contains(field)) {
                wrong.put(field, message);
            }
        });
        if (!wrong.isEmpty()) {
            return new CostPreview(null, null, usage, List.of(), wrong, "");
        }
        WorkloadSpec spec = checked.spec();
        GpuProfile profile = spec.gpuProfile() == null ? null : profiles.get(spec.gpuProfile());
        WorkloadDemand demand = demandOf(spec, profile);
        GpuAmount cost =
                profile == null ? GpuAmount.ZERO : profile.getEquivalent().times(demand.gpuUnits());
        String costText = profile == null ? "no GPU" : GpuFormat.of(profile, demand.gpuUnits());
        return new CostPreview(
                cost,
                costText,
                usage,
                admission.shortfalls(tenant, demand),
                Map.of(),
                quotas.sharingNote(slug, demand));
    }

    /**
     * A request's cost in GPU-equivalents next to what its tenant has left, each limit it would exceed, the
     * messages of cost fields that cannot be read (then {@code cost} is null), and, where GPUs are shared, whether it
     * runs guaranteed or borrows (empty otherwise).
     */
    public record CostPreview(
            GpuAmount cost,
            String costText,
            QuotaUsage usage,
            List<QuotaShortfall> shortfalls,
            Map<String, String> fieldErrors,
            String sharing) {

        public boolean fits() {
            return cost != null && shortfalls.isEmpty();
        }

        /** "Costs 0.14 GPU (1/7 H100); your tenant has 2.36 GPU (33/14) of 2.5 GPU left". */
        public String text() {
            String left = "your tenant has " + GpuFormat.amount(usage.gpusLeft()) + " of "
                    + GpuFormat.amount(usage.quota().limits().gpus()) + " left";
            if (cost == null) {
                return "Correct the marked fields to see the cost; " + left;
            }
            return "Costs " + costText + "; " + left;
        }

        /** One line per limit that would refuse: "Workloads: over by 1 workload — Tenant nlp may run at most …". */
        public List<String> refusals() {
            return shortfalls.stream()
                    .map(s -> label(s.limit()) + ": over by " + s.over() + " — " + s.message())
                    .toList();
        }

        private static String label(QuotaShortfall.Limit limit) {
            return switch (limit) {
                case WORKLOADS -> "Workloads";
                case GPUS -> "GPUs";
                case PROFILE_CAP -> "GPU profile cap";
                case CPU -> "CPU";
                case MEMORY -> "Memory";
                case STORAGE -> "Storage";
            };
        }
    }

    /**
     * What the requester should know about where a tenant's workloads go before submitting: the in-memory demo
     * cluster runs nothing, and an unplaced tenant's workloads wait. Empty when they will be scheduled.
     */
    @Transactional(readOnly = true)
    public Optional<String> schedulingNotice(String tenantSlug) {
        Tenant tenant = tenants.get(tenantSlug);
        if (tenant.isDedicated()) {
            return Optional.empty();
        }
        List<ClusterSummary> registered = clusters.summaries();
        Optional<ClusterSummary> target = tenant.getClusters().stream()
                .flatMap(name -> registered.stream().filter(c -> c.name().equals(name)))
                .findFirst();
        if (target.isEmpty()) {
            return Optional.of("Tenant " + tenantSlug + " is not placed on any cluster yet: its workloads wait until an"
                    + " admin places it.");
        }
        return target.get().demo() ? Optional.of(DEMO_CLUSTER_NOTICE) : Optional.empty();
    }

    /**
     * One page of the workloads matching {@code query} that the caller may see, filtered, sorted and paged in the
     * database. Every tenant's only for platform admins.
     */
    @Transactional(readOnly = true)
    public List<WorkloadView> find(WorkloadQuery query, Pageable pageable) {
        Scoped scoped = scoped(query);
        Pageable page = WorkloadQueries.pageable(pageable);
        // a slice, not a page: the lists count with count(), and a page would count a second time. A slice reads
        // one row more than asked, which a page of every row (the largest int) cannot: that one is read whole.
        List<WorkloadRequest> rows = page.getPageSize() == Integer.MAX_VALUE
                ? workloads.findAll(scoped.matching(), page.getSort()).stream()
                        .skip(page.getOffset())
                        .toList()
                : workloads.findBy(scoped.matching(), q -> q.slice(page)).getContent();
        return views(rows, scoped);
    }

    /**
     * One page of {@link #find} with the total of {@link #count}, in one transaction: the caller's rights are resolved
     * once, and the database counts only when the page does not tell the total already (a short first page).
     */
    @Transactional(readOnly = true)
    public WorkloadPage findPage(WorkloadQuery query, Pageable pageable) {
        Scoped scoped = scoped(query);
        var page = workloads.findAll(scoped.matching(), WorkloadQueries.pageable(pageable));
        return new WorkloadPage(views(page.getContent(), scoped), page.getTotalElements());
    }

    /** How many workloads {@link #find} has in all for {@code query}, counted in the database. */
    @Transactional(readOnly = true)
    public long count(WorkloadQuery query) {
        return workloads.count(scoped(query).matching());
    }

    /** Every workload of a tenant, newest first (for short internal lists and tests; pages use {@link #find}). */
    @Transactional(readOnly = true)
    public List<WorkloadView> listOfTenant(String tenantSlug) {
        Scoped scoped = scoped(WorkloadQuery.of(WorkloadQuery.Scope.MY_TEAMS).withTenant(tenantSlug));
        return views(
                workloads.findAll(
                        scoped.matching(),
                        WorkloadQueries.pageable(PageRequest.of(0, 1)).getSort()),
                scoped);
    }

    /**
     * A query with the caller's rights applied; {@code tenantsById} holds the tenants the rows can belong to, or is
     * null for every tenant (platform admins), whose rows' tenants are then read by id with the rows.
     */
    private record Scoped(Specification<WorkloadRequest> matching, Map<Long, Tenant> tenantsById) {}

    /** The caller's rights applied to a query: which tenants, whose workloads, which profile. */
    private Scoped scoped(WorkloadQuery query) {
        PortalUser user = currentUser.require();
        if (query.scope() == WorkloadQuery.Scope.ALL_TENANTS) {
            access.requirePlatformAdmin("list the workloads of every tenant");
        }
        Map<Long, Tenant> visible;
        Collection<Long> tenantIds;
        if (query.tenant() != null) {
            Tenant tenant = tenants.get(query.tenant()); // refuses a tenant the caller may not see
            visible = Map.of(tenant.getId(), tenant);
            tenantIds = List.of(tenant.getId());
        } else if (query.scope() == WorkloadQuery.Scope.ALL_TENANTS) {
            visible = null; // not every tenant for a page of rows: the rows' own, when they are read
            tenantIds = null;
        } else {
            visible =
                    tenants.myTenants().keySet().stream().collect(Collectors.toMap(Tenant::getId, Function.identity()));
            tenantIds = visible.keySet();
        }
        boolean mine = query.scope() == WorkloadQuery.Scope.MINE;
        String owner = mine ? user.username() : query.owner();
        boolean matchesNone = mine && query.owner() != null && !query.owner().equals(user.username());
        Long profileId = null;
        if (query.gpuProfile() != null) {
            Optional<GpuProfile> profile = catalog.allForAccounting().stream()
                    .filter(p -> p.getName().equals(query.gpuProfile()))
                    .findFirst();
            profileId = profile.map(GpuProfile::getId).orElse(null);
            matchesNone |= profile.isEmpty();
        }
        return new Scoped(WorkloadQueries.matching(query, tenantIds, owner, profileId, matchesNone), visible);
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
                        "Stopped after " + Durations.readable(limit) + " without activity (idle since "
                                + IDLE_TIME.format(idleSince)
                                + "); the workspace volume is kept: start it again when you need it"));
    }

    /** Running notebooks, for the idle culler (no caller rights). */
    @Transactional(readOnly = true)
    public List<WorkloadRequest> runningNotebooksForInternalUse() {
        return workloads.findByKindAndDesiredStateAndObservedPhase(
                WorkloadKind.NOTEBOOK, DesiredState.RUNNING, ObservedPhase.RUNNING);
    }

    /** Running workloads that hold GPUs, as pages show them, for the idle scan (no caller rights). */
    @Transactional(readOnly = true)
    public List<WorkloadView> runningGpuWorkloadsForInternalUse() {
        return viewsForInternalUse(workloads.findByDesiredStateAndObservedPhaseAndGpuProfileIdIsNotNull(
                DesiredState.RUNNING, ObservedPhase.RUNNING));
    }

    /** These workloads as pages show them, for the portal's own scans (no caller rights). */
    @Transactional(readOnly = true)
    public List<WorkloadView> viewsForInternalUse(List<WorkloadRequest> list) {
        return views(list, new Scoped(null, null)); // the rows' own tenants, read by id
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
        events.publishEvent(new WorkloadChanged(w.getId(), w.getTenantId(), slug));
        return get(id);
    }

    /**
     * Restarts a running workload on {@code gpuCount} units of another GPU profile (a right-size suggestion). The
     * quota admits the new GPUs with what it holds now released; a refusal changes nothing. A training job starts a
     * new run (its Job is replaced) that keeps its checkpoint volume, so it can resume from its last checkpoint.
     */
    @Transactional
    public WorkloadView restartOn(long id, String gpuProfile, int gpuCount) {
        WorkloadRequest w = changeable(id);
        if (w.getDesiredState() != DesiredState.RUNNING) {
            throw new ConflictException(w.getName() + " is not running: start it instead");
        }
        GpuProfile profile = enabledProfiles().get(gpuProfile == null ? "" : gpuProfile.strip());
        if (profile == null) {
            throw InvalidInputException.of("gpuProfile", "No enabled GPU profile named " + gpuProfile);
        }
        if (gpuCount < 1) {
            throw InvalidInputException.of("gpuCount", "At least 1");
        }
        long largest = capacity.largestNodeOffer(profile.getResourceName()).orElse(Long.MAX_VALUE);
        if (gpuCount > largest) {
            throw InvalidInputException.of(
                    "gpuCount",
                    "No node offers " + gpuCount + " × " + profile.getShortLabel() + " (at most " + largest + ")");
        }
        WorkloadSpec before = w.getSpec();
        WorkloadSpec spec = WorkloadRules.onGpus(before, profile.getName(), gpuCount);
        Tenant tenant = tenants.findForInternalUse(tenantSlugOf(w)).orElseThrow();
        admission.admit(tenant, demandOf(spec, profile), WorkloadQuotaDemands.demand(w));
        w.changeGpus(spec, profile.getId(), clock.instant());
        workloads.saveAndFlush(w);
        String slug = tenantSlugOf(w);
        audit.record(AuditAction.UPDATE, ENTITY, slug + "/" + w.getName(), slug, before, spec);
        events.publishEvent(new WorkloadChanged(w.getId(), w.getTenantId(), slug));
        return get(id);
    }

    /** Refuses unless the caller may change the workload (its owner, a tenant admin, a platform admin). */
    @Transactional(readOnly = true)
    public void requireChangeable(long id) {
        changeable(id);
    }

    @Transactional
    public WorkloadView delete(long id) {
        return transition(changeable(id), DesiredState.DELETED, "delete", null);
    }

    private WorkloadView transition(WorkloadRequest w, DesiredState state, String action, String stopReason) {
        DesiredState before = w.getDesiredState();
        w.desire(state, clock.instant());
        PhaseRules.onDesire(before, state, stopReason)
                .ifPresent(shown -> w.observe(shown.phase(), shown.reason(), clock.instant()));
        workloads.saveAndFlush(w);
        String slug = tenantSlugOf(w);
        audit.record(
                AuditAction.UPDATE,
                ENTITY,
                slug + "/" + w.getName(),
                slug,
                Map.of("desired", before),
                Map.of("desired", state, "action", action));
        events.publishEvent(new WorkloadChanged(w.getId(), w.getTenantId(), slug));
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
                spec.storageBytes(),
                spec instanceof WorkloadSpec.Training);
    }

    static WorkloadSpec specOf(WorkloadRequest w) {
        return w.getSpec();
    }

    private GpuProfile profileOf(WorkloadRequest w) {
        return catalog.byIdForAccounting(w.getGpuProfileId()).orElse(null);
    }

    private String tenantSlugOf(WorkloadRequest w) {
        return tenants.slugOf(w.getTenantId());
    }

    private List<WorkloadView> views(List<WorkloadRequest> list, Scoped scoped) {
        Map<Long, Tenant> tenantsById = scoped.tenantsById() != null
                ? scoped.tenantsById()
                : tenants.byIdsForInternalUse(
                        list.stream().map(WorkloadRequest::getTenantId).collect(Collectors.toSet()));
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
        long units = (long) w.getGpuCount() * w.getPods();
        String equivalent =
                profile == null ? "0" : profile.getEquivalent().times(units).toFractionString();
        return new WorkloadView(
                w.getId(),
                tenant.getSlug(),
                w.getKind(),
                w.getName(),
                w.getOwner(),
                profile == null ? null : profile.getName(),
                gpus,
                equivalent,
                profile == null ? "No GPU" : GpuFormat.of(profile, units),
                w.getDesiredState(),
                w.getObservedPhase(),
                w.getObservedReason(),
                w.getCreatedAt(),
                w.getObservedAt(),
                specOf(w),
                w.getVersion());
    }

    /**
     * Stores what Kubernetes reports for a workload (status observer; no caller rights): the status columns only, and
     * only when they change. A concurrent change of the row (a stop, another observation) is read again and decided
     * anew, at most a few times; the next watch event brings a later observation anyway.
     */
    @Transactional
    public void recordObservation(long id, ObservedPhase phase, String reason) {
        String stored = WorkloadRequest.storedReason(reason);
        for (int attempt = 0; attempt < 3; attempt++) {
            var status = workloads.findObservedStatus(id);
            if (status.isEmpty()
                    || !PhaseRules.accepts(
                            status.get().desiredState(), status.get().observedPhase(), phase)
                    || phase == status.get().observedPhase()
                            && java.util.Objects.equals(stored, status.get().observedReason())) {
                return;
            }
            if (workloads.writeObservedStatus(id, status.get().version(), phase, stored, clock.instant()) == 1) {
                events.publishEvent(
                        new WorkloadObserved(id, tenants.slugOf(status.get().tenantId())));
                return;
            }
        }
    }

    /**
     * Records in the audit log that Kueue preempted a job or admitted it again (status observer; no caller rights),
     * once per event however often the observer reads it.
     */
    @Transactional
    public void recordQueueEvent(long id, QueueEvent event) {
        workloads.findById(id).ifPresent(w -> {
            String slug = tenantSlugOf(w);
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put(event.kind() == QueueEvent.Kind.PREEMPTED ? "reclaimedBy" : "admittedBy", event.clusterQueue());
            if (event.tenant() != null) {
                details.put("reclaimingTenant", event.tenant());
            }
            details.put("why", event.why());
            details.put("at", event.at().toString());
            details.put("queueWorkload", event.queueWorkload());
            audit.recordOnce(
                    "kueue",
                    event.kind() == QueueEvent.Kind.PREEMPTED ? AuditAction.PREEMPT : AuditAction.READMIT,
                    ENTITY,
                    slug + "/" + w.getName(),
                    slug,
                    details);
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
