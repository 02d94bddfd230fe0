package dev.gpuportal.metrics;

import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadQuery;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Showback (GPU-equivalent-hours allocated and used per tenant, day and profile, priced), the fleet view and a
 * tenant's allocation over time, read from Prometheus in one query per page view: allocated from kube-state-metrics
 * (what the running pods request), used from the DCGM series; the fleet's capacity and allocation come from the
 * clusters' own nodes and pods.
 */
@Service
public class ShowbackService {

    /** Longest showback span at once: Prometheus answers at most 11,000 points per series. */
    static final int MAX_DAYS = 92;

    private static final int ALL = 10_000;

    private final PrometheusClient prometheus;
    private final TenantService tenants;
    private final TenantNamespaces namespaces;
    private final WorkloadService workloads;
    private final GpuCatalog catalog;
    private final QuotaService quotas;
    private final MetricsSettingsService settings;
    private final GpuUsageService usage;
    private final GpuInventory inventory;
    private final CurrentUser currentUser;
    private final Clock clock;

    ShowbackService(
            PrometheusClient prometheus,
            TenantService tenants,
            TenantNamespaces namespaces,
            WorkloadService workloads,
            GpuCatalog catalog,
            QuotaService quotas,
            MetricsSettingsService settings,
            GpuUsageService usage,
            GpuInventory inventory,
            CurrentUser currentUser,
            Clock clock) {
        this.prometheus = prometheus;
        this.tenants = tenants;
        this.namespaces = namespaces;
        this.workloads = workloads;
        this.catalog = catalog;
        this.quotas = quotas;
        this.settings = settings;
        this.usage = usage;
        this.inventory = inventory;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** A showback report, or why there is none. */
    public record Report(MetricsStatus status, String message, List<Showback.Row> rows) {

        public Report {
            rows = List.copyOf(rows);
        }
    }

    /** Days {@code from} to {@code to} (UTC, both included), up to now. Platform admins only. */
    public Report showback(LocalDate from, LocalDate to) {
        requireAdmin();
        if (from == null || to == null || to.isBefore(from)) {
            throw InvalidInputException.of("to", "The last day cannot be before the first");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw InvalidInputException.of("to", "At most " + MAX_DAYS + " days at once");
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant now = clock.instant();
        if (end.isAfter(now)) {
            end = now.minusSeconds(now.getEpochSecond() % 60);
        }
        long minutes = Math.max(1, (Duration.between(start, end).toMinutes() + 9_999) / 10_000);
        return showback(start, end, Duration.ofMinutes(minutes));
    }

    /** The report for {@code (start, end]} counted in steps; each sample stands for the step before it. */
    Report showback(Instant start, Instant end, Duration step) {
        requireAdmin();
        if (!prometheus.configured()) {
            return new Report(MetricsStatus.NOT_CONFIGURED, MetricsStatus.NOT_CONFIGURED_TEXT, List.of());
        }
        if (!end.isAfter(start)) {
            return new Report(MetricsStatus.NO_DATA, MetricsStatus.NO_DATA_TEXT, List.of());
        }
        Map<String, String> tenantByNamespace = tenantByNamespace();
        List<PromSeries> answer;
        try {
            answer = prometheus.range(Queries.allocation(tenantByNamespace.keySet()), start.plus(step), end, step);
        } catch (MetricsUnavailableException e) {
            return new Report(MetricsStatus.UNAVAILABLE, MetricsStatus.unavailable(e.getMessage()), List.of());
        }
        List<Showback.Row> rows = Showback.tally(
                AllocationSamples.points(answer, tenantByNamespace, choices(), workloadProfiles()),
                step,
                settings.current().pricePerGpuHour());
        return rows.isEmpty()
                ? new Report(MetricsStatus.NO_DATA, "No GPU use recorded in this window.", rows)
                : new Report(MetricsStatus.OK, "", rows);
    }

    /** The report as CSV: exact fractions beside decimals, so that sums can be checked. */
    public static String csv(Report report) {
        StringBuilder csv = new StringBuilder(
                "day,tenant,profile,gpu_model,allocated_gpu_hours,allocated_exact,used_gpu_hours,used_exact,cost\n");
        for (Showback.Row r : report.rows()) {
            csv.append(r.day())
                    .append(',')
                    .append(r.tenant())
                    .append(',')
                    .append(r.profile())
                    .append(',')
                    .append(r.gpuModel())
                    .append(',')
                    .append(r.allocatedHours().toDecimal(4).toPlainString())
                    .append(',')
                    .append(r.allocatedHours().toFractionString())
                    .append(',')
                    .append(r.usedHours().toDecimal(4).toPlainString())
                    .append(',')
                    .append(r.usedHours().toFractionString())
                    .append(',')
                    .append(r.cost().toPlainString())
                    .append('\n');
        }
        return csv.toString();
    }

    /** The report as JSON: one object per row, hours as exact fractions and as decimals. */
    public static String json(Report report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Showback.Row r : report.rows()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("day", r.day().toString());
            row.put("tenant", r.tenant());
            row.put("profile", r.profile());
            row.put("gpuModel", r.gpuModel());
            row.put("allocatedGpuHours", r.allocatedHours().toDecimal(4));
            row.put("allocatedExact", r.allocatedHours().toFractionString());
            row.put("usedGpuHours", r.usedHours().toDecimal(4));
            row.put("usedExact", r.usedHours().toFractionString());
            row.put("cost", r.cost());
            rows.add(row);
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", report.status().name());
        body.put("message", report.message());
        body.put("rows", rows);
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }

    /** A tenant's allocated and used GPU-equivalents over a window against its quota; for its members and admins. */
    public TenantUsage tenantUsage(String tenantSlug, UsageWindow window) {
        double quota = quotas.quotaOf(tenantSlug).limits().gpus().toDouble(); // checks the caller may read it
        if (!prometheus.configured()) {
            return new TenantUsage(MetricsStatus.NOT_CONFIGURED, MetricsStatus.NOT_CONFIGURED_TEXT, List.of(), quota);
        }
        Instant end = clock.instant();
        Map<String, String> tenantByNamespace = Map.of(namespaces.namespaceOf(tenantSlug), tenantSlug);
        List<PromSeries> answer;
        try {
            answer = prometheus.range(
                    Queries.allocation(tenantByNamespace.keySet()), end.minus(window.span()), end, window.step());
        } catch (MetricsUnavailableException e) {
            return new TenantUsage(
                    MetricsStatus.UNAVAILABLE, MetricsStatus.unavailable(e.getMessage()), List.of(), quota);
        }
        Map<Instant, double[]> byTime = new TreeMap<>();
        for (Showback.Point p :
                AllocationSamples.points(answer, tenantByNamespace, choices(), (t, pod) -> Optional.empty())) {
            double held = p.unit().toDouble() * p.units();
            double[] sums = byTime.computeIfAbsent(p.at(), t -> new double[2]);
            sums[0] += held;
            sums[1] += held * p.utilisation();
        }
        List<TenantUsage.Point> points = new ArrayList<>();
        byTime.forEach((at, v) -> points.add(new TenantUsage.Point(at, v[0], v[1])));
        return new TenantUsage(
                points.isEmpty() ? MetricsStatus.NO_DATA : MetricsStatus.OK,
                points.isEmpty() ? "No GPU use recorded in this window." : "",
                points,
                quota);
    }

    /** Capacity, allocated, used and idle-but-allocated GPU-equivalents per cluster and product. Admins only. */
    public record Fleet(MetricsStatus status, String message, List<FleetRow> rows) {}

    public Fleet fleet() {
        requireAdmin();
        List<CatalogChoice> choices = choices();
        List<GpuInventory.Offer> offers = inventory.offers();
        List<GpuInventory.PodRequest> requests = inventory.podRequests();
        if (!prometheus.configured()) {
            return new Fleet(
                    MetricsStatus.NOT_CONFIGURED,
                    MetricsStatus.NOT_CONFIGURED_TEXT,
                    FleetRows.tally(offers, requests, List.of(), Map.of(), choices));
        }
        Map<String, String> tenantByNamespace = tenantByNamespace();
        List<WorkloadView> running =
                workloads.find(WorkloadQuery.of(WorkloadQuery.Scope.ALL_TENANTS), PageRequest.of(0, ALL)).stream()
                        .filter(w -> w.gpuProfile() != null
                                && w.desired() == DesiredState.RUNNING
                                && w.phase() == ObservedPhase.RUNNING)
                        .toList();
        List<PromSeries> answer;
        try {
            answer = prometheus.instant(Queries.allocation(tenantByNamespace.keySet()), clock.instant());
        } catch (MetricsUnavailableException e) {
            return new Fleet(
                    MetricsStatus.UNAVAILABLE,
                    MetricsStatus.unavailable(e.getMessage()),
                    FleetRows.tally(offers, requests, List.of(), Map.of(), choices));
        }
        GpuUsageService.IdleFlags idle = usage.idleFlags(running);
        Map<String, GpuProfile> profiles = new HashMap<>();
        catalog.allForAccounting().forEach(p -> profiles.put(p.getName(), p));
        Map<List<String>, GpuAmount> idleAllocated = new HashMap<>();
        for (WorkloadView w : running) {
            GpuProfile profile = profiles.get(w.gpuProfile());
            if (idle.idle(w.id()) && profile != null) {
                String namespace = namespaces.namespaceOf(w.tenant());
                String cluster = requests.stream()
                        .filter(r -> r.namespace().equals(namespace) && PodNames.belongs(w.kind(), w.name(), r.pod()))
                        .map(GpuInventory.PodRequest::cluster)
                        .findFirst()
                        .orElse("?");
                idleAllocated.merge(
                        List.of(cluster, profile.getGpuModel()), GpuAmount.parse(w.gpuEquivalent()), GpuAmount::plus);
            }
        }
        return new Fleet(
                idle.status() == MetricsStatus.UNAVAILABLE ? idle.status() : MetricsStatus.OK,
                idle.message(),
                FleetRows.tally(
                        offers,
                        requests,
                        AllocationSamples.points(answer, tenantByNamespace, choices, workloadProfiles()),
                        idleAllocated,
                        choices));
    }

    private Map<String, String> tenantByNamespace() {
        Map<String, String> byNamespace = new HashMap<>();
        for (Tenant t : tenants.visibleTenants()) {
            byNamespace.put(namespaces.namespaceOf(t.getSlug()), t.getSlug());
        }
        return byNamespace;
    }

    private List<CatalogChoice> choices() {
        return catalog.allForAccounting().stream().map(CatalogChoice::of).toList();
    }

    /** Pods of workloads that still exist are counted on their workload's profile. */
    private AllocationSamples.WorkloadProfiles workloadProfiles() {
        Map<String, CatalogChoice> byName = new HashMap<>();
        catalog.allForAccounting().forEach(p -> byName.put(p.getName(), CatalogChoice.of(p)));
        List<WorkloadView> all =
                workloads.find(WorkloadQuery.of(WorkloadQuery.Scope.ALL_TENANTS), PageRequest.of(0, ALL));
        return (tenant, pod) -> all.stream()
                .filter(w -> w.tenant().equals(tenant)
                        && w.gpuProfile() != null
                        && PodNames.belongs(w.kind(), w.name(), pod))
                .findFirst()
                .map(w -> byName.get(w.gpuProfile()));
    }

    private void requireAdmin() {
        if (!currentUser.require().platformAdmin()) {
            throw new AccessDeniedException("Only platform admins see showback and the fleet");
        }
    }
}
