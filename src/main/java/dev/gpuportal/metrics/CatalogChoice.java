package dev.gpuportal.metrics;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileKind;

/** A catalog profile as the right-size rule needs it (a value, so the rule stays pure and testable). */
public record CatalogChoice(
        String name,
        String shortLabel,
        String gpuModel,
        GpuProfileKind kind,
        String resourceName,
        GpuAmount equivalent) {

    static CatalogChoice of(GpuProfile p) {
        return new CatalogChoice(
                p.getName(), p.getShortLabel(), p.getGpuModel(), p.getKind(), p.getResourceName(), p.getEquivalent());
    }
}
