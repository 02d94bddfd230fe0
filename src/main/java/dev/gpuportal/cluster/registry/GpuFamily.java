package dev.gpuportal.cluster.registry;

/**
 * A kind of GPU a cluster's nodes offer: a GPU resource name ({@code nvidia.com/gpu}, {@code nvidia.com/mig-1g.10gb},
 * ...) on nodes of one product ({@code nvidia.com/gpu.product}, empty when unlabelled), with how many units those
 * nodes offer together.
 */
public record GpuFamily(String resource, String product, long units) {}
