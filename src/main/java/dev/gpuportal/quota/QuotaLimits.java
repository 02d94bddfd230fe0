package dev.gpuportal.quota;

import dev.gpuportal.gpu.GpuAmount;
import java.time.Duration;
import java.util.Map;

/**
 * A quota's numbers, exact: GPU-equivalents, caps by profile id, CPU in millicores, bytes, and the notebook idle
 * limit (null: the portal's default; zero: never stop idle notebooks).
 */
public record QuotaLimits(
        GpuAmount gpus,
        Map<Long, Integer> profileCaps,
        long cpuMillis,
        long memoryBytes,
        long storageBytes,
        int maxWorkloads,
        Duration notebookIdleLimit) {

    public static final QuotaLimits NONE = new QuotaLimits(GpuAmount.ZERO, Map.of(), 0, 0, 0, 0, null);

    public QuotaLimits {
        profileCaps = Map.copyOf(profileCaps);
    }
}
