package dev.gpuportal.metrics;

import dev.gpuportal.gpu.CatalogChoice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns the answer of {@link Queries#allocation} into showback points: for each running pod and time, the units of a
 * profile it requested (as kube-state-metrics reports the cluster's pods, whether or not DCGM reports them) and the
 * mean compute DCGM saw on its devices (0 when DCGM reports none). What a requested resource is comes from the
 * catalog ({@link RequestedProfiles}). Pure.
 */
final class AllocationSamples {

    private AllocationSamples() {}

    /** Finds the profile of a pod's workload by tenant and pod name, when that workload still exists. */
    interface WorkloadProfiles extends BiFunction<String, String, Optional<CatalogChoice>> {}

    static List<Showback.Point> points(
            List<PromSeries> answer,
            Map<String, String> tenantByNamespace,
            List<CatalogChoice> catalog,
            WorkloadProfiles workloadProfile) {
        record Pod(String namespace, String pod) {}
        List<PromSeries> requested = new ArrayList<>();
        Map<Pod, String> modelSeen = new HashMap<>();
        Map<Pod, Map<Instant, Double>> devices = new HashMap<>();
        Map<Pod, Map<Instant, Double>> busy = new HashMap<>();
        for (PromSeries s : answer) {
            Pod pod = new Pod(s.label("namespace"), s.label("pod"));
            switch (s.label("series")) {
                case "requested" -> requested.add(s);
                case "devices" -> {
                    devices.merge(pod, valuesOf(s), AllocationSamples::sum);
                    if (!s.label("modelName").isEmpty()) {
                        modelSeen.put(pod, s.label("modelName").replace(' ', '-'));
                    }
                }
                case "busy" -> busy.merge(pod, valuesOf(s), AllocationSamples::sum);
                default -> {}
            }
        }
        List<Showback.Point> points = new ArrayList<>();
        for (PromSeries series : requested) {
            Pod pod = new Pod(series.label("namespace"), series.label("pod"));
            String tenant = tenantByNamespace.get(pod.namespace());
            if (tenant == null) {
                continue;
            }
            String model = series.label(Queries.NODE_PRODUCT);
            Optional<CatalogChoice> profile = RequestedProfiles.of(
                    series.label("resource"),
                    model.isEmpty() ? Optional.ofNullable(modelSeen.get(pod)) : Optional.of(model),
                    () -> workloadProfile.apply(tenant, pod.pod()),
                    catalog);
            if (profile.isEmpty()) {
                continue;
            }
            CatalogChoice p = profile.get();
            Map<Instant, Double> podDevices = devices.getOrDefault(pod, Map.of());
            Map<Instant, Double> podBusy = busy.getOrDefault(pod, Map.of());
            for (PromSeries.Sample sample : series.samples()) {
                int units = (int) Math.round(sample.value());
                double seen = podDevices.getOrDefault(sample.at(), 0.0);
                double utilisation = units == 0 || seen == 0 ? 0 : podBusy.getOrDefault(sample.at(), 0.0) / seen;
                points.add(new Showback.Point(
                        sample.at(),
                        tenant,
                        p.name(),
                        p.gpuModel(),
                        p.equivalent(),
                        units,
                        utilisation,
                        series.label("node")));
            }
        }
        return points;
    }

    private static Map<Instant, Double> valuesOf(PromSeries series) {
        Map<Instant, Double> values = new HashMap<>();
        series.samples().forEach(sample -> values.put(sample.at(), sample.value()));
        return values;
    }

    private static Map<Instant, Double> sum(Map<Instant, Double> a, Map<Instant, Double> b) {
        Map<Instant, Double> sum = new HashMap<>(a);
        b.forEach((at, v) -> sum.merge(at, v, Double::sum));
        return sum;
    }
}
