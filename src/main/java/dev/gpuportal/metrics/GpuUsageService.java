package dev.gpuportal.metrics;

import dev.gpuportal.base.ConflictException;
import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadService;
import dev.gpuportal.workload.WorkloadView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * What a workload's GPUs did, read from Prometheus: its chart and right-size suggestion (one query per view), and
 * the idle flags of a page of workloads (one query per page). Rights: the caller must be able to read the
 * workloads, which {@link WorkloadService} checks.
 */
@Service
public class GpuUsageService {

    private static final double MIB = 1024 * 1024;

    private final PrometheusClient prometheus;
    private final WorkloadService workloads;
    private final GpuCatalog catalog;
    private final TenantNamespaces namespaces;
    private final MetricsSettingsService settings;
    private final Clock clock;

    GpuUsageService(
            PrometheusClient prometheus,
            WorkloadService workloads,
            GpuCatalog catalog,
            TenantNamespaces namespaces,
            MetricsSettingsService settings,
            Clock clock) {
        this.prometheus = prometheus;
        this.workloads = workloads;
        this.catalog = catalog;
        this.namespaces = namespaces;
        this.settings = settings;
        this.clock = clock;
    }

    public boolean configured() {
        return prometheus.configured();
    }

    /** Requests sent to Prometheus so far (for tests and the operations page). */
    public long queriesSent() {
        return prometheus.requestsSent();
    }

    public WorkloadUsage usage(long workloadId, UsageWindow window) {
        return usageOf(workloads.get(workloadId), window);
    }

    /** {@link #usage} of a workload the caller already may read, or the portal's own scans (no rights checked). */
    WorkloadUsage usageOf(WorkloadView w, UsageWindow window) {
        if (!prometheus.configured()) {
            return WorkloadUsage.without(MetricsStatus.NOT_CONFIGURED, MetricsStatus.NOT_CONFIGURED_TEXT, window);
        }
        if (w.gpuProfile() == null) {
            return WorkloadUsage.without(MetricsStatus.NO_DATA, "This workload has no GPU.", window);
        }
        Instant end = clock.instant();
        List<PromSeries> series;
        try {
            series = prometheus.range(
                    Queries.workloadSeries(
                            namespaces.namespaceOf(w.tenant()), PodNames.regex(w.kind(), w.name()), window.step()),
                    end.minus(window.span()),
                    end,
                    window.step());
        } catch (MetricsUnavailableException e) {
            return WorkloadUsage.without(MetricsStatus.UNAVAILABLE, MetricsStatus.unavailable(e.getMessage()), window);
        }
        Map<Instant, double[]> byTime = new TreeMap<>(); // compute sum, pods, memory max
        for (PromSeries s : series) {
            boolean memory = s.label("series").equals("memory");
            for (PromSeries.Sample sample : s.samples()) {
                double[] at = byTime.computeIfAbsent(sample.at(), t -> new double[3]);
                if (memory) {
                    at[2] = Math.max(at[2], sample.value() * MIB);
                } else {
                    at[0] += sample.value();
                    at[1]++;
                }
            }
        }
        List<WorkloadUsage.Point> points = new ArrayList<>();
        byTime.forEach((at, v) ->
                points.add(new WorkloadUsage.Point(at, v[1] == 0 ? 0 : 100 * v[0] / v[1], Math.round(v[2]))));
        if (points.isEmpty()) {
            return WorkloadUsage.without(MetricsStatus.NO_DATA, MetricsStatus.NO_DATA_TEXT, window);
        }
        double peakCompute = points.stream()
                .mapToDouble(WorkloadUsage.Point::computePercent)
                .max()
                .orElse(0);
        double averageCompute = points.stream()
                .mapToDouble(WorkloadUsage.Point::computePercent)
                .average()
                .orElse(0);
        long peakMemory = points.stream()
                .mapToLong(WorkloadUsage.Point::memoryBytes)
                .max()
                .orElse(0);
        return new WorkloadUsage(
                MetricsStatus.OK,
                "",
                window,
                points,
                peakCompute,
                averageCompute,
                peakMemory,
                suggestion(w, peakMemory, peakCompute / 100));
    }

    private Optional<RightSizing.Suggestion> suggestion(WorkloadView w, long peakMemory, double peakCompute) {
        List<CatalogChoice> enabled = catalog.allForAccounting().stream()
                .filter(GpuProfile::isEnabled)
                .map(CatalogChoice::of)
                .toList();
        return catalog.allForAccounting().stream()
                .filter(p -> p.getName().equals(w.gpuProfile()))
                .findFirst()
                .flatMap(current -> RightSizing.suggest(
                        new RightSizing.Observed(peakMemory, peakCompute),
                        CatalogChoice.of(current),
                        w.spec().gpuCount(),
                        enabled));
    }

    /**
     * Restarts a workload on the profile its GPU use over {@code window} suggests, through the normal admission; a
     * {@link ConflictException} says why when there is no suggestion. Only whoever may change the workload.
     */
    public WorkloadView restartOnSuggestion(long workloadId, UsageWindow window) {
        workloads.requireChangeable(workloadId);
        WorkloadUsage seen = usage(workloadId, window);
        RightSizing.Suggestion suggestion = seen.suggestion()
                .orElseThrow(() -> new ConflictException(
                        seen.status() == MetricsStatus.OK
                                ? "No smaller profile would have covered its GPU use ("
                                        + window.label().toLowerCase(java.util.Locale.ROOT)
                                        + "): nothing to restart on"
                                : "No right-size suggestion. " + seen.message()));
        return workloads.restartOn(workloadId, suggestion.profile(), suggestion.units());
    }

    /** Which of these (already readable) workloads' GPUs are idle, since when: one Prometheus query for the page. */
    public record IdleFlags(MetricsStatus status, String message, Map<Long, Instant> idleSince) {

        public boolean idle(long workloadId) {
            return idleSince.containsKey(workloadId);
        }
    }

    public IdleFlags idleFlags(List<WorkloadView> page) {
        if (!prometheus.configured()) {
            return new IdleFlags(MetricsStatus.NOT_CONFIGURED, MetricsStatus.NOT_CONFIGURED_TEXT, Map.of());
        }
        List<WorkloadView> running = page.stream()
                .filter(w -> w.gpuProfile() != null
                        && w.desired() == DesiredState.RUNNING
                        && w.phase() == ObservedPhase.RUNNING)
                .toList();
        if (running.isEmpty()) {
            return new IdleFlags(MetricsStatus.OK, "", Map.of());
        }
        MetricsSettings rule = settings.current();
        Duration step = step(rule.idleFor());
        Map<String, String> namespaceByTenant = new HashMap<>();
        running.forEach(w -> namespaceByTenant.computeIfAbsent(w.tenant(), namespaces::namespaceOf));
        Instant now = clock.instant();
        List<PromSeries> series;
        try {
            series = prometheus.range(
                    Queries.peakCompute(Set.copyOf(namespaceByTenant.values()), step),
                    now.minus(rule.idleFor()).minus(step.multipliedBy(3)),
                    now,
                    step);
        } catch (MetricsUnavailableException e) {
            return new IdleFlags(MetricsStatus.UNAVAILABLE, MetricsStatus.unavailable(e.getMessage()), Map.of());
        }
        Map<String, List<PromSeries>> byNamespace =
                series.stream().collect(Collectors.groupingBy(s -> s.label("namespace")));
        double threshold = rule.idleThresholdPercent() / 100.0;
        Duration maxGap = step.multipliedBy(3);
        Map<Long, Instant> idle = new HashMap<>();
        for (WorkloadView w : running) {
            List<PromSeries> pods = byNamespace.getOrDefault(namespaceByTenant.get(w.tenant()), List.of()).stream()
                    .filter(s -> PodNames.belongs(w.kind(), w.name(), s.label("pod")))
                    .toList();
            boolean allIdle = !pods.isEmpty()
                    && pods.stream()
                            .allMatch(s -> IdleWindows.idle(s.samples(), threshold, rule.idleFor(), maxGap, now));
            if (allIdle) {
                idle.put(
                        w.id(),
                        pods.stream()
                                .map(s -> IdleWindows.idleSince(s.samples(), threshold, maxGap)
                                        .orElse(now))
                                .max(Instant::compareTo)
                                .orElse(now));
            }
        }
        return new IdleFlags(MetricsStatus.OK, "", idle);
    }

    /** An idle workload for the admins' list: since when, and what it holds. */
    public record IdleWorkload(WorkloadView workload, Instant idleSince) {}

    /** Every tenant's running GPU workloads whose GPUs are idle, longest idle first. Platform admins only. */
    public List<IdleWorkload> idleAcrossTenants() {
        List<WorkloadView> all = workloads
                .find(
                        dev.gpuportal.workload.WorkloadQuery.of(dev.gpuportal.workload.WorkloadQuery.Scope.ALL_TENANTS),
                        org.springframework.data.domain.PageRequest.of(0, 10_000))
                .stream()
                .toList();
        IdleFlags flags = idleFlags(all);
        if (flags.status() != MetricsStatus.OK) {
            throw new MetricsUnavailableException(flags.message());
        }
        return all.stream()
                .filter(w -> flags.idle(w.id()))
                .map(w -> new IdleWorkload(w, flags.idleSince().get(w.id())))
                .sorted(java.util.Comparator.comparing(IdleWorkload::idleSince))
                .toList();
    }

    /** About 20 steps per idle window, between 5 s and 5 min. */
    static Duration step(Duration idleFor) {
        long seconds = Math.max(5, Math.min(300, idleFor.toSeconds() / 20));
        return Duration.ofSeconds(seconds);
    }
}
