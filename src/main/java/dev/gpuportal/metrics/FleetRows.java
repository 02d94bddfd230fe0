package dev.gpuportal.metrics;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fleet view's arithmetic, per cluster and GPU product: capacity from what the nodes offer, allocated from what
 * the pods bound to them request (as the cluster says, whether or not DCGM reports the pod), used from the DCGM
 * samples, idle-but-allocated from the idle rule. In exact GPU-equivalents, except "used". Pure.
 */
final class FleetRows {

    private FleetRows() {}

    static List<FleetRow> tally(
            List<GpuInventory.Offer> offers,
            List<GpuInventory.PodRequest> requests,
            List<Showback.Point> seen,
            Map<List<String>, GpuAmount> idle,
            List<CatalogChoice> choices) {
        Map<List<String>, Sums> rows =
                new TreeMap<>((a, b) -> String.join("/", a).compareTo(String.join("/", b)));
        Map<String, String> clusterOfNode = new HashMap<>();
        Sums none = new Sums(GpuAmount.ZERO, GpuAmount.ZERO, 0);
        for (GpuInventory.Offer o : offers) {
            clusterOfNode.put(o.node(), o.cluster());
            unitOf(o.resourceName(), o.gpuModel(), choices)
                    .ifPresent(unit -> rows.merge(
                            List.of(o.cluster(), o.gpuModel()),
                            new Sums(unit.times(o.units()), GpuAmount.ZERO, 0),
                            Sums::plus));
        }
        for (GpuInventory.PodRequest r : requests) {
            clusterOfNode.putIfAbsent(r.node(), r.cluster());
            unitOf(r.resourceName(), r.gpuModel(), choices)
                    .ifPresent(unit -> rows.merge(
                            List.of(r.cluster(), r.gpuModel()),
                            new Sums(GpuAmount.ZERO, unit.times(r.units()), 0),
                            Sums::plus));
        }
        for (Showback.Point p : seen) {
            double used = p.unit().toDouble() * p.units() * p.utilisation();
            rows.merge(
                    List.of(clusterOfNode.getOrDefault(p.node(), "?"), p.gpuModel()),
                    new Sums(GpuAmount.ZERO, GpuAmount.ZERO, used),
                    Sums::plus);
        }
        idle.keySet().forEach(key -> rows.putIfAbsent(key, none));
        List<FleetRow> result = new ArrayList<>();
        rows.forEach((key, sums) -> result.add(new FleetRow(
                key.get(0),
                key.get(1),
                sums.capacity(),
                sums.allocated(),
                sums.used(),
                idle.getOrDefault(key, GpuAmount.ZERO))));
        return result;
    }

    private record Sums(GpuAmount capacity, GpuAmount allocated, double used) {

        Sums plus(Sums other) {
            return new Sums(capacity.plus(other.capacity), allocated.plus(other.allocated), used + other.used);
        }
    }

    /** One unit of a GPU resource on a node of {@code model}, in GPU-equivalents; empty for one the catalog lacks. */
    static Optional<GpuAmount> unitOf(String resourceName, String model, List<CatalogChoice> choices) {
        if (resourceName.equals("nvidia.com/gpu")) {
            return Optional.of(GpuAmount.ONE);
        }
        return choices.stream()
                .filter(c ->
                        c.resourceName().equals(resourceName) && c.gpuModel().equals(model))
                .map(CatalogChoice::equivalent)
                .findFirst()
                .or(() -> choices.stream()
                        .filter(c -> c.resourceName().equals(resourceName) && c.kind() != GpuProfileKind.WHOLE)
                        .map(CatalogChoice::equivalent)
                        .findFirst());
    }
}
