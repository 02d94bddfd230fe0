package dev.gpuportal.metrics;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuProfileKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Names the cheapest catalog profile that would have covered what a workload was seen to use, with a margin. Only
 * profiles of the same GPU model are candidates (a different model computes at another speed). Pure.
 */
public final class RightSizing {

    /** Head-room on top of the observed peaks: 20 %. */
    static final double MARGIN = 1.2;

    private RightSizing() {}

    /**
     * What a pod was seen to use: its peak GPU memory (all its devices together) and its peak compute as a share
     * (0-1) of the GPUs it held.
     */
    public record Observed(long peakMemoryBytes, double peakCompute) {}

    /** A smaller profile that would have done: {@code units} of {@code profile} per pod. */
    public record Suggestion(
            String profile,
            String profileLabel,
            int units,
            @com.fasterxml.jackson.annotation.JsonIgnore GpuAmount frees,
            String text) {

        /** What it frees, exactly: "6/7" (GPU-equivalents). */
        public String freesGpus() {
            return frees.toFractionString();
        }
    }

    public static Optional<Suggestion> suggest(
            Observed seen, CatalogChoice current, int currentUnits, List<CatalogChoice> catalog) {
        if (current == null || currentUnits < 1) {
            return Optional.empty();
        }
        GpuAmount held = current.equivalent().times(currentUnits);
        double neededCompute = seen.peakCompute() * held.toDouble() * MARGIN;
        double neededMemory = seen.peakMemoryBytes() * MARGIN;
        record Candidate(CatalogChoice profile, int units, GpuAmount cost) {}
        List<Candidate> candidates = new ArrayList<>();
        for (CatalogChoice p : catalog) {
            if (!p.gpuModel().equals(current.gpuModel())) {
                continue;
            }
            OptionalLong memory = ProfileMemory.perUnit(p);
            if (memory.isEmpty()) {
                continue;
            }
            int maxUnits = p.kind() == GpuProfileKind.WHOLE ? currentUnits : 1;
            for (int units = 1; units <= maxUnits; units++) {
                GpuAmount cost = p.equivalent().times(units);
                boolean covers =
                        (double) memory.getAsLong() * units >= neededMemory && cost.toDouble() >= neededCompute;
                if (covers && held.isGreaterThan(cost)) {
                    candidates.add(new Candidate(p, units, cost));
                }
            }
        }
        return candidates.stream()
                .min(Comparator.comparing(Candidate::cost)
                        // at equal cost a MIG slice beats a time-sliced share: its memory is its own
                        .thenComparing(c -> c.profile().kind() == GpuProfileKind.TIME_SLICED)
                        .thenComparing(c -> c.profile().name()))
                .map(c -> new Suggestion(
                        c.profile().name(),
                        c.profile().shortLabel(),
                        c.units(),
                        held.minus(c.cost()),
                        text(seen, current, currentUnits, c.profile(), c.units(), held.minus(c.cost()))));
    }

    static String text(
            Observed seen, CatalogChoice current, int currentUnits, CatalogChoice to, int units, GpuAmount frees) {
        String shared = to.kind() == GpuProfileKind.TIME_SLICED
                ? " (a time-sliced share has no memory isolation: the other shares use the same GPU memory)"
                : "";
        return "Peaked at " + gigabytes(seen.peakMemoryBytes()) + " and "
                + Math.round(seen.peakCompute() * 100) + " % compute on " + describe(current, currentUnits) + ": "
                + describe(to, units) + " covers it and frees " + frees.toFractionString() + " GPU for your team"
                + shared + ".";
    }

    static String describe(CatalogChoice p, int units) {
        String model = GpuFormat.model(p.gpuModel());
        return switch (p.kind()) {
            case WHOLE -> units == 1 ? "a whole " + model : units + " whole " + model + "s";
            case MIG -> (units == 1 ? "a " : units + " × ") + p.shortLabel() + " slice" + (units == 1 ? "" : "s");
            case TIME_SLICED ->
                (units == 1 ? "a" : units + " ×") + " time-sliced share ("
                        + p.equivalent().toFractionString() + ") of an " + model;
        };
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
