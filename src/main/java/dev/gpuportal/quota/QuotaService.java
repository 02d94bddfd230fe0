package dev.gpuportal.quota;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuPortion;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantChanged;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.tenancy.TenantSnapshot;
import dev.gpuportal.tenancy.TenantSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenant quotas: members read their tenant's quota and usage; platform admins set quotas. */
@Service
public class QuotaService {

    static final String ENTITY = "quota";

    /** The version a caller passes when the tenant has never had a quota saved. */
    public static final long NO_QUOTA_YET = -1;

    /** Who changed a quota that a tenant file set, as the console shows it. */
    static final String FILE_SYNC = "system";

    /** Most tenants' cards the console shows at once. */
    static final int MAX_CARDS = 1000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final TenantQuotaRepository quotas;
    private final QuotaDefaults defaults;
    private final TenantService tenants;
    private final TenantAccess access;
    private final GpuCatalog catalog;
    private final List<WorkloadDemandSource> demandSources;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final List<GpuSharing> sharing;
    private final TenantSnapshots snapshots;

    QuotaService(
            TenantQuotaRepository quotas,
            QuotaDefaults defaults,
            TenantService tenants,
            TenantAccess access,
            GpuCatalog catalog,
            List<WorkloadDemandSource> demandSources,
            AuditLog audit,
            ApplicationEventPublisher events,
            CurrentUser currentUser,
            Clock clock,
            List<GpuSharing> sharing,
            TenantSnapshots snapshots) {
        this.quotas = quotas;
        this.defaults = defaults;
        this.tenants = tenants;
        this.access = access;
        this.catalog = catalog;
        this.demandSources = demandSources;
        this.audit = audit;
        this.events = events;
        this.currentUser = currentUser;
        this.clock = clock;
        this.sharing = sharing;
        this.snapshots = snapshots;
    }

    @Transactional(readOnly = true)
    public QuotaView quotaOf(String tenantSlug) {
        Tenant tenant = tenants.get(tenantSlug); // checks the caller may see the tenant
        return view(tenant, quotas.findById(tenant.getId()).orElse(null), profilesById());
    }

    @Transactional(readOnly = true)
    public QuotaUsage usageOf(String tenantSlug) {
        Tenant tenant = tenants.get(tenantSlug);
        return usage(tenant, quotas.findById(tenant.getId()).orElse(null), sumsOf(List.of(tenant)), profilesById());
    }

    /**
     * What the quota console shows at a visit (platform admins): the usage of the first {@code limit} active tenants
     * whose slug or name contains {@code typed}, the totals of all of them and how each cluster shares GPUs. The
     * database finds, counts and sums; only the page's tenants are read whole (reading every tenant's quota and usage
     * took 43 ms at the median and up to 190 ms with a thousand tenants on a busy machine).
     */
    @Transactional(readOnly = true)
    public QuotaConsole console(String typed, int limit) {
        access.requirePlatformAdmin("see how GPUs are shared");
        var page = tenants.activeTenantsContaining(
                typed, PageRequest.of(0, Math.clamp(limit, 1, MAX_CARDS), Sort.by("slug")));
        List<Tenant> shown = page.getContent();
        Map<Long, TenantQuota> quotaOf = quotasOf(shown);
        Map<Long, GpuProfile> profiles = profilesById();
        Map<Long, List<DemandSum>> sums = sumsOf(shown); // summed by the database
        List<QuotaUsage> usages = shown.stream()
                .map(t -> usage(t, quotaOf.get(t.getId()), sums, profiles))
                .toList();
        GpuAmount quota = quotas.sumActiveGpuQuotas().stream()
                .map(QuotaFractionSum::amount)
                .reduce(GpuAmount.ZERO, GpuAmount::plus);
        long matching = page.getTotalElements();
        long active = typed == null || typed.isBlank() ? matching : tenants.activeTenantCount();
        return new QuotaConsole(usages, matching, active, quota, gpusInUse(profiles), sharing(profiles.values()));
    }

    /** Their quotas in one query (and their profile caps in one more), not one per tenant. */
    private Map<Long, TenantQuota> quotasOf(List<Tenant> of) {
        return quotas.findAllById(of.stream().map(Tenant::getId).toList()).stream()
                .collect(Collectors.toMap(TenantQuota::getTenantId, Function.identity()));
    }

    private GpuAmount gpusInUse(Map<Long, GpuProfile> profiles) {
        return demandSources.stream()
                .flatMap(source -> source.gpuUnitsInUse().stream())
                .filter(u -> profiles.containsKey(u.profileId()))
                .map(u -> profiles.get(u.profileId()).getEquivalent().times(u.units()))
                .reduce(GpuAmount.ZERO, GpuAmount::plus);
    }

    /** How a tenant shares GPUs (platform admins and the tenant's members). */
    @Transactional(readOnly = true)
    public SharingView sharingOf(String tenantSlug) {
        Tenant tenant = tenants.get(tenantSlug);
        return sharingView(tenant, quotas.findById(tenant.getId()).orElse(null));
    }

    /**
     * Sets how much a tenant may borrow and lends where GPUs are shared (platform admins). Field messages for bad
     * input, nothing saved; {@code expectedVersion} as for {@link #update}.
     */
    @Transactional
    public SharingView updateSharing(String tenantSlug, long expectedVersion, SharingDraft draft) {
        access.requirePlatformAdmin("set quotas");
        Tenant tenant = tenants.get(tenantSlug);
        requireConsoleManaged(tenant);
        TenantQuota quota = quotas.findById(tenant.getId())
                .orElseThrow(() -> new ConflictException(
                        "Tenant '" + tenantSlug + "' has no quota yet: set its guaranteed quota first"));
        GpuAmount guaranteed = quota.limits().gpus();
        SharingLimits limits = SharingRules.parse(draft, guaranteed, othersInCohort(tenant));
        if (quota.getVersion() != expectedVersion) {
            throw changedBySomeoneElse(tenantSlug, quota);
        }
        SharingDraft before = SharingRules.toDraft(quota.sharing());
        quota.applySharing(limits, currentUser.require().username(), clock.instant());
        try {
            quota = quotas.saveAndFlush(quota);
        } catch (ObjectOptimisticLockingFailureException e) {
            throw changedBySomeoneElse(tenantSlug, quota);
        }
        audit.record(AuditAction.UPDATE, ENTITY, tenantSlug, tenantSlug, before, SharingRules.toDraft(limits));
        events.publishEvent(new TenantChanged(tenantSlug));
        return sharingView(tenant, quota);
    }

    /** What the other tenants on the tenant's clusters guarantee together: all it could ever borrow. */
    private GpuAmount othersInCohort(Tenant tenant) {
        return quotas.findAllById(cohortOthers(tenant)).stream()
                .map(q -> q.limits().gpus())
                .reduce(GpuAmount.ZERO, GpuAmount::plus);
    }

    /** The ids of the other shared-tier tenants placed on one of the tenant's clusters (its cohort), without rights. */
    private List<Long> cohortOthers(Tenant tenant) {
        return snapshots.all().stream()
                .filter(t -> !t.archived() && !t.dedicated() && t.id() != tenant.getId())
                .filter(t -> t.clusters().stream().anyMatch(tenant.getClusters()::contains))
                .map(TenantSnapshot::id)
                .toList();
    }

    /**
     * Whether a request would run on the tenant's guaranteed GPUs or borrow idle ones of other tenants (and may then
     * be preempted), with the numbers; empty where the tenant's cluster does not share GPUs.
     */
    @Transactional(readOnly = true)
    public String sharingNote(String tenantSlug, WorkloadDemand demand) {
        Tenant tenant = tenants.get(tenantSlug);
        if (tenant.isDedicated() || sharing.stream().noneMatch(s -> s.sharedOn(tenant.getClusters()))) {
            return "";
        }
        Map<Long, GpuProfile> profiles = profilesById();
        TenantQuota quota = quotas.findById(tenant.getId()).orElse(null);
        GpuAmount guaranteed = quota == null ? GpuAmount.ZERO : quota.limits().gpus();
        List<WorkloadDemand> own = demandsOf(tenant.getId());
        GpuAmount idle = GpuAmount.ZERO;
        for (TenantQuota other : quotas.findAllById(cohortOthers(tenant))) {
            GpuAmount lends = other.sharing().lendingOf(other.limits().gpus());
            GpuAmount unused = other.limits().gpus().minus(gpusOf(demandsOf(other.getTenantId()), profiles, false));
            GpuAmount lent = unused.min(lends);
            idle = lent.isNegative() ? idle : idle.plus(lent);
        }
        return SharingNotes.of(
                demand.mayBorrow(),
                gpusOf(List.of(demand), profiles, false),
                guaranteed,
                quota == null ? SharingLimits.DEFAULT : quota.sharing(),
                gpusOf(own, profiles, false),
                gpusOf(own, profiles, true),
                idle);
    }

    /** Every sharing cluster's figures; the shared tenants are read (without their entities) only where it is on. */
    private List<ClusterSharing> sharing(java.util.Collection<GpuProfile> profiles) {
        Map<String, GpuAmount> equivalents = new java.util.TreeMap<>();
        for (GpuProfile p : profiles) {
            equivalents.merge(p.getResourceName(), p.getEquivalent(), GpuAmount::min);
        }
        List<SharingMemberRow> members = null;
        List<ClusterSharing> result = new ArrayList<>();
        for (GpuSharing source : sharing) {
            for (String cluster : source.sharingClusters()) {
                Optional<QueueFigures> figures = source.figures(cluster);
                if (figures.isEmpty()) {
                    String why = source.whyOff(cluster);
                    result.add(ClusterSharing.off(
                            cluster,
                            why.isEmpty() ? "Kueue's queues on cluster '" + cluster + "' cannot be read" : why));
                    continue;
                }
                if (members == null) {
                    members = quotas.sharingMembers();
                }
                result.add(
                        ClusterSharing.of(cluster, SharingMemberRow.on(cluster, members), figures.get(), equivalents));
            }
        }
        return result;
    }

    private List<WorkloadDemand> demandsOf(long tenantId) {
        return demandSources.stream()
                .flatMap(s -> s.activeDemands(tenantId).stream())
                .toList();
    }

    private static GpuAmount gpusOf(
            List<WorkloadDemand> demands, Map<Long, GpuProfile> profiles, boolean onlyGuaranteed) {
        return demands.stream()
                .filter(d -> d.profileId() != null && profiles.containsKey(d.profileId()))
                .filter(d -> !onlyGuaranteed || !d.mayBorrow())
                .map(d -> profiles.get(d.profileId()).getEquivalent().times(d.gpuUnits()))
                .reduce(GpuAmount.ZERO, GpuAmount::plus);
    }

    private SharingView sharingView(Tenant tenant, TenantQuota quota) {
        GpuAmount guaranteed = quota == null ? GpuAmount.ZERO : quota.limits().gpus();
        SharingLimits limits = quota == null ? SharingLimits.DEFAULT : quota.sharing();
        String cluster =
                tenant.getClusters().isEmpty() ? "" : tenant.getClusters().getFirst();
        boolean active = !tenant.isDedicated() && sharing.stream().anyMatch(s -> s.sharedOn(tenant.getClusters()));
        String whyOff = active
                ? ""
                : tenant.isDedicated()
                        ? "Tenant " + tenant.getSlug() + " has its own virtual cluster: it shares no GPUs with others"
                        : sharing.stream()
                                .map(s -> s.whyOff(cluster))
                                .findFirst()
                                .orElse("No cluster is registered");
        return new SharingView(
                tenant.getSlug(),
                guaranteed,
                limits.borrowingOf(guaranteed),
                limits.lendingOf(guaranteed),
                SharingRules.toDraft(limits),
                quota == null ? NO_QUOTA_YET : quota.getVersion(),
                active,
                whyOff);
    }

    /** The quota a new tenant starts with (settings {@code gpu-portal.quota.defaults.*}). */
    public QuotaDraft defaults() {
        return defaults.draft();
    }

    /** {@code given} with each limit it leaves blank (or all of them, when null) from the defaults. */
    public QuotaDraft completeWithDefaults(QuotaDraft given) {
        return defaults.complete(given);
    }

    /**
     * Checks a quota without saving it (platform admins): field messages as {@link
     * dev.gpuportal.base.InvalidInputException}, and what its limits of 0 would mean for tenant {@code tenantSlug}
     * (empty when none is 0), so that the admin confirms them before saving.
     */
    public List<String> check(String tenantSlug, QuotaDraft draft) {
        access.requirePlatformAdmin("set quotas");
        List<GpuProfile> catalogProfiles = catalog.allForAccounting();
        return QuotaRules.zeroLimitWarnings(tenantSlug, QuotaRules.parse(draft, catalogProfiles), catalogProfiles);
    }

    /**
     * Gives a tenant created in this transaction its first quota: what the admin typed, every blank limit (or the
     * whole quota, when null) from the defaults.
     */
    @Transactional
    public QuotaView createForNewTenant(String tenantSlug, QuotaDraft draft) {
        return update(tenantSlug, NO_QUOTA_YET, defaults.complete(draft));
    }

    /**
     * Sets a tenant's quota. {@code expectedVersion} is the version the admin edited; if someone saved in between,
     * the save is refused with their name so the admin can reload.
     */
    @Transactional
    public QuotaView update(String tenantSlug, long expectedVersion, QuotaDraft draft) {
        access.requirePlatformAdmin("set quotas");
        Tenant tenant = tenants.get(tenantSlug);
        requireConsoleManaged(tenant);
        List<GpuProfile> catalogProfiles = catalog.allForAccounting();
        QuotaLimits limits = QuotaRules.parse(draft, catalogProfiles);
        var existing = quotas.findById(tenant.getId());
        if (existing.map(TenantQuota::getVersion).orElse(NO_QUOTA_YET) != expectedVersion) {
            throw changedBySomeoneElse(tenantSlug, existing.orElse(null));
        }
        TenantQuota quota = existing.orElseGet(() -> new TenantQuota(tenant.getId()));
        QuotaDraft before = quota.getUpdatedAt() == null ? null : QuotaRules.toDraft(quota.limits(), catalogProfiles);
        quota.apply(limits, currentUser.require().username(), clock.instant());
        try {
            quota = quotas.saveAndFlush(quota);
        } catch (ObjectOptimisticLockingFailureException | DataIntegrityViolationException e) {
            // another admin saved first (an update, or the very first quota row of this tenant)
            throw changedBySomeoneElse(tenantSlug, quota);
        }
        recordChange(tenantSlug, before, QuotaRules.toDraft(limits, catalogProfiles));
        return view(tenant, quota, profilesById());
    }

    /**
     * Sets the quota of a file-managed tenant to what its file says, limits it leaves out from the defaults (no
     * version check: the file is the truth). For the tenant-file sync only, like {@code TenantService.applyFromFile}.
     */
    @Transactional
    public void applyFromFile(String tenantSlug, QuotaDraft draft) {
        Tenant tenant = tenants.findForInternalUse(tenantSlug)
                .orElseThrow(() -> new NotFoundException("No tenant '" + tenantSlug + "'"));
        List<GpuProfile> catalogProfiles = catalog.allForAccounting();
        QuotaLimits limits = QuotaRules.parse(defaults.complete(draft), catalogProfiles);
        var existing = quotas.findById(tenant.getId());
        if (existing.isPresent() && existing.get().limits().equals(limits)) {
            return;
        }
        QuotaDraft before = existing.map(q -> QuotaRules.toDraft(q.limits(), catalogProfiles))
                .orElse(null);
        TenantQuota quota = existing.orElseGet(() -> new TenantQuota(tenant.getId()));
        quota.apply(limits, FILE_SYNC, clock.instant());
        quotas.saveAndFlush(quota);
        recordChange(tenantSlug, before, QuotaRules.toDraft(limits, catalogProfiles));
    }

    /**
     * How long notebooks of a tenant may sit idle: empty when they are never stopped for it (idle culler; no caller
     * rights).
     */
    @Transactional(readOnly = true)
    public Optional<Duration> notebookIdleLimitForInternalUse(long tenantId, Duration portalDefault) {
        Duration limit = quotas.findById(tenantId)
                .map(q -> q.limits().notebookIdleLimit())
                .orElse(null);
        Duration effective = limit == null ? portalDefault : limit;
        return effective == null || effective.isZero() ? Optional.empty() : Optional.of(effective);
    }

    /** Audits a quota change and tells the reconciler, in the changing transaction. */
    private void recordChange(String tenantSlug, QuotaDraft before, QuotaDraft after) {
        audit.record(
                before == null ? AuditAction.CREATE : AuditAction.UPDATE,
                ENTITY,
                tenantSlug,
                tenantSlug,
                before,
                after);
        events.publishEvent(new TenantChanged(tenantSlug));
    }

    /** Console edits of a tenant whose file in tenants/ is the source of truth are refused. */
    private static void requireConsoleManaged(Tenant tenant) {
        if (tenant.isManagedByFile()) {
            throw new ConflictException("The quota of tenant '" + tenant.getSlug()
                    + "' is set in its file in tenants/: change the file instead");
        }
    }

    private static ConflictException changedBySomeoneElse(String tenantSlug, TenantQuota current) {
        String who = current == null || current.getUpdatedBy() == null ? "someone else" : current.getUpdatedBy();
        String when =
                current == null || current.getUpdatedAt() == null ? "" : " at " + TIME.format(current.getUpdatedAt());
        return new ConflictException(
                "The quota of tenant '" + tenantSlug + "' was changed by " + who + when + ": reload to see the change");
    }

    /** The tenants' demand sums by tenant id. */
    private Map<Long, List<DemandSum>> sumsOf(List<Tenant> of) {
        List<Long> ids = of.stream().map(Tenant::getId).toList();
        return demandSources.stream()
                .flatMap(source -> source.demandSums(ids).stream())
                .collect(Collectors.groupingBy(DemandSum::tenantId));
    }

    private static QuotaUsage usage(
            Tenant tenant, TenantQuota saved, Map<Long, List<DemandSum>> sums, Map<Long, GpuProfile> profiles) {
        QuotaView quota = view(tenant, saved, profiles);
        Map<Long, Long> unitsByProfile = new LinkedHashMap<>();
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        long count = 0;
        for (DemandSum sum : sums.getOrDefault(tenant.getId(), List.of())) {
            if (sum.profileId() != null && sum.gpuUnits() > 0) {
                unitsByProfile.merge(sum.profileId(), sum.gpuUnits(), Long::sum);
            }
            cpu += sum.cpuMillis();
            memory += sum.memoryBytes();
            storage += sum.storageBytes();
            count += sum.workloads();
        }
        List<GpuPortion> portions = new ArrayList<>();
        unitsByProfile.entrySet().stream()
                .filter(e -> profiles.containsKey(e.getKey()))
                .sorted(Comparator.comparing(e -> profiles.get(e.getKey()).getEquivalent()))
                .forEach(e -> portions.add(GpuPortion.of(profiles.get(e.getKey()), e.getValue())));
        return new QuotaUsage(quota, portions, cpu, memory, storage, (int) count);
    }

    private static QuotaView view(Tenant tenant, TenantQuota quota, Map<Long, GpuProfile> profiles) {
        QuotaLimits limits = quota == null ? QuotaLimits.NONE : quota.limits();
        List<QuotaView.Cap> caps = limits.profileCaps().entrySet().stream()
                .filter(e -> profiles.containsKey(e.getKey()))
                .map(e -> new QuotaView.Cap(profiles.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(c -> c.profile().getName()))
                .toList();
        return new QuotaView(
                tenant.getSlug(),
                tenant.getDisplayName(),
                limits,
                caps,
                quota == null ? NO_QUOTA_YET : quota.getVersion(),
                quota == null ? null : quota.getUpdatedBy(),
                quota == null ? null : quota.getUpdatedAt(),
                QuotaRules.toDraft(limits, profiles.values()),
                quota == null ? List.of() : QuotaRules.zeroLimitWarnings(tenant.getSlug(), limits, profiles.values()));
    }

    private Map<Long, GpuProfile> profilesById() {
        return catalog.allForAccounting().stream().collect(Collectors.toMap(GpuProfile::getId, Function.identity()));
    }
}
