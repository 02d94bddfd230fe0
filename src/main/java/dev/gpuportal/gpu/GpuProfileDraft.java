package dev.gpuportal.gpu;

/** What an admin types when adding or editing a GPU profile; {@code equivalent} is text such as "3/7". */
public record GpuProfileDraft(
        String name,
        String displayName,
        String shortLabel,
        String gpuModel,
        GpuProfileKind kind,
        String resourceName,
        String equivalent,
        boolean enabled) {}
