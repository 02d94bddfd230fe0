package dev.gpuportal.gpu;

/** Published when a GPU profile is added or changed: every tenant's quota keys may follow from it. */
public record GpuCatalogChanged(String profile) {}
