package dev.gpuportal.gpu;

/** A catalog profile as the sizing rules need it (a value, so the rule stays pure and testable). */
public record CatalogChoice(
        String name,
        String shortLabel,
        String gpuModel,
        GpuProfileKind kind,
        String resourceName,
        GpuAmount equivalent) {

    public static CatalogChoice of(GpuProfile p) {
        return new CatalogChoice(
                p.getName(), p.getShortLabel(), p.getGpuModel(), p.getKind(), p.getResourceName(), p.getEquivalent());
    }
}
