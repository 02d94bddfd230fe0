package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuMix;
import dev.gpuportal.gpu.GpuPortion;
import java.util.List;

/** A tenant's quota next to what its admitted workloads hold. */
public record QuotaUsage(
        QuotaView quota,
        List<GpuPortion> usedGpus,
        long usedCpuMillis,
        long usedMemoryBytes,
        long usedStorageBytes,
        int workloads) {

    public GpuAmount gpusUsed() {
        return GpuMix.total(usedGpus);
    }

    public GpuAmount gpusLeft() {
        GpuAmount left = quota.limits().gpus().minus(gpusUsed());
        return left.isNegative() ? GpuAmount.ZERO : left;
    }

    /** Used share of the GPU quota, 0..1 (1 when nothing is allowed but something is used). */
    public double gpuFraction() {
        GpuAmount total = quota.limits().gpus();
        if (total.isZero()) {
            return gpusUsed().isZero() ? 0 : 1;
        }
        return Math.min(1, gpusUsed().toDouble() / total.toDouble());
    }

    /** "0.93 GPU (3 × 1g.10gb + 1 × shared) of 2.5 GPU". */
    public String describeGpus() {
        return GpuMix.describe(usedGpus) + " of "
                + GpuFormat.amount(quota.limits().gpus());
    }
}
