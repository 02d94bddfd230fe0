package dev.gpuportal.metrics;

import java.util.List;

/**
 * The GPU resources the clusters' nodes offer and the portal's pods hold, as the clusters themselves say (implemented
 * by the cluster feature from its node and pod informers, as kube-state-metrics would read them).
 */
public interface GpuInventory {

    /** {@code units} of {@code resourceName} offered by {@code node}, a node of {@code gpuModel} in {@code cluster}. */
    record Offer(String cluster, String node, String gpuModel, String resourceName, long units) {}

    /**
     * {@code units} of {@code resourceName} that pod {@code namespace}/{@code pod}, bound to {@code node} (a node of
     * {@code gpuModel}) in {@code cluster} and not finished, requests.
     */
    record PodRequest(
            String cluster,
            String node,
            String gpuModel,
            String namespace,
            String pod,
            String resourceName,
            long units) {}

    List<Offer> offers();

    List<PodRequest> podRequests();
}
