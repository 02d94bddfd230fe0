package dev.gpuportal.metrics;

import java.util.List;

/** The GPU resources the clusters' nodes offer (implemented by the cluster feature from its node informers). */
public interface GpuInventory {

    /** {@code units} of {@code resourceName} offered by {@code node}, a node of {@code gpuModel} in {@code cluster}. */
    record Offer(String cluster, String node, String gpuModel, String resourceName, long units) {}

    List<Offer> offers();
}
