package dev.gpuportal.gpu;

import java.util.List;
import java.util.stream.Collectors;

/** Renders a sum of GPU portions for people: "0.93 GPU (3 × 1g.10gb + 1 × shared)". */
public final class GpuMix {

    private GpuMix() {}

    public static GpuAmount total(List<GpuPortion> portions) {
        return portions.stream().map(GpuPortion::total).reduce(GpuAmount.ZERO, GpuAmount::plus);
    }

    public static String describe(List<GpuPortion> portions) {
        List<GpuPortion> used = portions.stream().filter(p -> p.count() > 0).toList();
        String total = GpuFormat.decimal(total(used)) + " GPU";
        if (used.isEmpty()) {
            return total;
        }
        return total + " (" + used.stream().map(GpuMix::part).collect(Collectors.joining(" + ")) + ")";
    }

    private static String part(GpuPortion portion) {
        return portion.count() + " × " + portion.shortLabel();
    }
}
