package dev.gpuportal.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Admin settings: a workload whose GPUs stayed under {@code idleThresholdPercent} utilisation for {@code idleFor}
 * is idle; {@code pricePerGpuHour} by GPU product (e.g. "NVIDIA-H100-80GB-HBM3") prices showback.
 */
public record MetricsSettings(int idleThresholdPercent, Duration idleFor, Map<String, BigDecimal> pricePerGpuHour) {

    public MetricsSettings {
        pricePerGpuHour = Map.copyOf(pricePerGpuHour);
    }

    /** Prices sorted by product, for forms. */
    public Map<String, BigDecimal> sortedPrices() {
        return new TreeMap<>(pricePerGpuHour);
    }
}
