package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Objects;

/**
 * What the portal works out from a node (its GPU families, regions, pools) depends on its labels and what it offers;
 * its heartbeats, conditions and images do not change that. A thousand nodes heart-beating would otherwise make the
 * portal work it all out again many times a second.
 */
final class NodeShape {

    private NodeShape() {}

    static boolean changed(Node before, Node after) {
        return !Objects.equals(labels(before), labels(after))
                || !Objects.equals(allocatable(before), allocatable(after))
                || !Objects.equals(capacity(before), capacity(after));
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata() == null ? null : node.getMetadata().getLabels();
    }

    private static Map<String, Quantity> allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static Map<String, Quantity> capacity(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getCapacity();
    }
}
