package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the portal works out from a node's GPUs (its GPU families: product, topology labels, GPU and RDMA resources)
 * changes only with those; heartbeats, conditions, images and every other label or resource leave it as it is. A
 * thousand nodes updated every few seconds would otherwise make the portal work the families out again many times a
 * second.
 */
final class NodeShape {

    private NodeShape() {}

    static boolean changed(Node before, Node after) {
        return !Objects.equals(gpuLabels(before), gpuLabels(after))
                || !Objects.equals(gpuResources(before), gpuResources(after));
    }

    private static Map<String, String> gpuLabels(Node node) {
        Map<String, String> labels =
                node.getMetadata() == null ? null : node.getMetadata().getLabels();
        Map<String, String> kept = new TreeMap<>();
        if (labels != null) {
            for (String key : new String[] {RegisteredCluster.PRODUCT_LABEL, NodeTopology.BLOCK, NodeTopology.RACK}) {
                if (labels.containsKey(key)) {
                    kept.put(key, labels.get(key));
                }
            }
        }
        return kept;
    }

    private static Map<String, java.math.BigDecimal> gpuResources(Node node) {
        Map<String, Quantity> allocatable =
                node.getStatus() == null ? null : node.getStatus().getAllocatable();
        Map<String, java.math.BigDecimal> kept = new TreeMap<>();
        if (allocatable != null) {
            allocatable.forEach((name, quantity) -> {
                if (name.startsWith("nvidia.com/") || name.startsWith(NodeTopology.RDMA_PREFIX)) {
                    kept.put(name, Quantity.getAmountInBytes(quantity).stripTrailingZeros());
                }
            });
        }
        return kept;
    }
}
