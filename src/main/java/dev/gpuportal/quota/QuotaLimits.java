package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import java.util.Map;

/** A quota's numbers, exact: GPU-equivalents, caps by profile id, CPU in millicores, bytes. */
public record QuotaLimits(
        GpuAmount gpus,
        Map<Long, Integer> profileCaps,
        long cpuMillis,
        long memoryBytes,
        long storageBytes,
        int maxWorkloads) {

    public static final QuotaLimits NONE = new QuotaLimits(GpuAmount.ZERO, Map.of(), 0, 0, 0, 0);

    public QuotaLimits {
        profileCaps = Map.copyOf(profileCaps);
    }
}
