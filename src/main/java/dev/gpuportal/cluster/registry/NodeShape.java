package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which node updates matter to what the portal works out from its nodes. A thousand nodes send a heartbeat every few
 * seconds; neither their GPU families nor what the clusters page shows change with it.
 */
final class NodeShape {

    private NodeShape() {}

    /** Whether the node's GPU families changed: its product or topology labels, its GPU or RDMA resources. */
    static boolean changed(Node before, Node after) {
        return !Objects.equals(gpuLabels(before), gpuLabels(after))
                || !Objects.equals(gpuResources(before), gpuResources(after));
    }

    /**
     * Whether what the clusters page and the tenants' placement read from the node (its labels: region, pool, GPUs;
     * what it offers) changed. A heartbeat does not: with a thousand nodes, telling every open page of every heartbeat
     * was dozens of refreshes a second for each.
     */
    static boolean shownChanged(Node before, Node after) {
        return !Objects.equals(labelsOf(before), labelsOf(after))
                || !Objects.equals(allocatable(before), allocatable(after))
                || !Objects.equals(capacity(before), capacity(after));
    }

    private static Map<String, String> labelsOf(Node node) {
        return node.getMetadata() == null ? null : node.getMetadata().getLabels();
    }

    private static Map<String, Quantity> allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static Map<String, Quantity> capacity(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getCapacity();
    }

    private static Map<String, String> gpuLabels(Node node) {
        Map<String, String> labels = labelsOf(node);
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
        Map<String, Quantity> allocatable = allocatable(node);
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
