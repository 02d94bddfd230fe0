package dev.gpuportal.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToIntFunction;

/**
 * The cheapest catalog profile that covers a need for GPU memory and compute: the one rule behind right-sizing (from
 * what a workload was seen to use) and behind picking a profile from a need stated at request time. Pure.
 */
public final class ProfileCover {

    /** Head-room on top of a memory or compute figure: 20 %. */
    public static final double MARGIN = 1.2;

    private ProfileCover() {}

    /** What one pod needs: GPU memory over all its devices, in bytes, and compute in GPU-equivalents. */
    public record Need(double memoryBytes, double computeGpus) {}

    /** {@code units} of {@code profile} per pod, costing {@code cost} GPU-equivalents. */
    public record Cover(CatalogChoice profile, int units, GpuAmount cost) {}

    /**
     * The cheapest {@code units} of a candidate that give at least the needed memory (see {@link ProfileMemory}) and
     * compute; {@code maxUnits} says how many units of a profile one pod may hold (0: none). At equal cost a MIG slice
     * beats a time-sliced share, whose memory is not its own; then the name decides, so the answer is stable.
     */
    public static Optional<Cover> cheapest(
            Need need, List<CatalogChoice> candidates, ToIntFunction<CatalogChoice> maxUnits) {
        List<Cover> covers = new ArrayList<>();
        for (CatalogChoice p : candidates) {
            OptionalLong memory = ProfileMemory.perUnit(p);
            if (memory.isEmpty()) {
                continue; // a model whose memory we do not know cannot be said to cover anything
            }
            int most = maxUnits.applyAsInt(p);
            for (int units = 1; units <= most; units++) {
                GpuAmount cost = p.equivalent().times(units);
                if ((double) memory.getAsLong() * units >= need.memoryBytes()
                        && cost.toDouble() >= need.computeGpus()) {
                    covers.add(new Cover(p, units, cost));
                    break; // more units of the same profile only cost more
                }
            }
        }
        return covers.stream()
                .min(Comparator.comparing(Cover::cost)
                        .thenComparing(c -> c.profile().kind() == GpuProfileKind.TIME_SLICED)
                        .thenComparing(c -> c.profile().name()));
    }

    /** "a whole H100", "2 whole H100s", "a 1g.10gb slice", "a time-sliced share (1/2) of an L4". */
    public static String describe(CatalogChoice p, int units) {
        String model = GpuFormat.model(p.gpuModel());
        return switch (p.kind()) {
            case WHOLE -> units == 1 ? "a whole " + model : units + " whole " + model + "s";
            case MIG -> (units == 1 ? "a " : units + " × ") + p.shortLabel() + " slice" + (units == 1 ? "" : "s");
            case TIME_SLICED ->
                (units == 1 ? "a" : units + " ×") + " time-sliced share ("
                        + p.equivalent().toFractionString() + ") of an " + model;
        };
    }
}
