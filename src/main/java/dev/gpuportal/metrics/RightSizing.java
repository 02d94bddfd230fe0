package dev.gpuportal.metrics;

import dev.gpuportal.gpu.CatalogChoice;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfileKind;
import dev.gpuportal.gpu.ProfileCover;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names the cheapest catalog profile that would have covered what a workload was seen to use, with a margin. Only
 * profiles of the same GPU model are candidates (a different model computes at another speed). Pure.
 */
public final class RightSizing {

    /** Head-room on top of the observed peaks: 20 %. */
    static final double MARGIN = ProfileCover.MARGIN;

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
        ProfileCover.Need need =
                new ProfileCover.Need(seen.peakMemoryBytes() * MARGIN, seen.peakCompute() * held.toDouble() * MARGIN);
        List<CatalogChoice> sameModel = catalog.stream()
                .filter(p -> p.gpuModel().equals(current.gpuModel()))
                .toList();
        return ProfileCover.cheapest(need, sameModel, p -> p.kind() == GpuProfileKind.WHOLE ? currentUnits : 1)
                .filter(c -> held.isGreaterThan(c.cost()))
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
                + Math.round(seen.peakCompute() * 100) + " % compute on " + ProfileCover.describe(current, currentUnits)
                + ": "
                + ProfileCover.describe(to, units) + " covers it and frees " + frees.toMixedString()
                + " GPU for your team"
                + shared + ".";
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
