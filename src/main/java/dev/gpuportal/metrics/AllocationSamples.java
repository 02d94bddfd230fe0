package dev.gpuportal.metrics;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns the answer of {@link Queries#allocation} into showback points: for each pod and time, the units it held
 * (devices counted) and their mean compute; the profile is the MIG profile the exporter names, else the profile of
 * the workload the pod belongs to, else the model's whole GPU. Pure.
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
        record Key(String namespace, String pod, String node, String migProfile, String model) {}
        Map<Key, PromSeries> units = new HashMap<>();
        Map<Key, Map<Instant, Double>> busy = new HashMap<>();
        for (PromSeries s : answer) {
            Key key = new Key(
                    s.label("namespace"),
                    s.label("pod"),
                    s.label("Hostname"),
                    s.label("GPU_I_PROFILE"),
                    s.label("modelName").replace(' ', '-'));
            if (s.label("series").equals("units")) {
                units.put(key, s);
            } else {
                Map<Instant, Double> values = new HashMap<>();
                s.samples().forEach(sample -> values.put(sample.at(), sample.value()));
                busy.put(key, values);
            }
        }
        List<Showback.Point> points = new ArrayList<>();
        units.forEach((key, series) -> {
            String tenant = tenantByNamespace.get(key.namespace());
            if (tenant == null) {
                return;
            }
            Optional<CatalogChoice> profile = profileOf(key.migProfile(), key.model(), catalog)
                    .or(() -> workloadProfile.apply(tenant, key.pod()))
                    .or(() -> wholeGpuOf(key.model(), catalog));
            if (profile.isEmpty()) {
                return;
            }
            CatalogChoice p = profile.get();
            Map<Instant, Double> sums = busy.getOrDefault(key, Map.of());
            for (PromSeries.Sample sample : series.samples()) {
                int count = (int) Math.round(sample.value());
                double utilisation = count == 0 ? 0 : sums.getOrDefault(sample.at(), 0.0) / count;
                points.add(new Showback.Point(
                        sample.at(), tenant, p.name(), p.gpuModel(), p.equivalent(), count, utilisation, key.node()));
            }
        });
        return points;
    }

    private static Optional<CatalogChoice> profileOf(String migProfile, String model, List<CatalogChoice> catalog) {
        if (migProfile.isEmpty()) {
            return Optional.empty();
        }
        return catalog.stream()
                .filter(p -> p.kind() == GpuProfileKind.MIG
                        && p.resourceName().equals("nvidia.com/mig-" + migProfile)
                        && p.gpuModel().equalsIgnoreCase(model))
                .findFirst();
    }

    static Optional<CatalogChoice> wholeGpuOf(String model, List<CatalogChoice> catalog) {
        return catalog.stream()
                .filter(p -> p.kind() == GpuProfileKind.WHOLE
                        && p.gpuModel().equalsIgnoreCase(model)
                        && p.equivalent().equals(GpuAmount.ONE))
                .findFirst();
    }
}
