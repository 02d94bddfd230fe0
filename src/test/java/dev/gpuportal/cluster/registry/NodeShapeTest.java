package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeShapeTest {

    private static Node node(Map<String, String> labels, String gpus, String heartbeat) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName("gpu-1")
                .withLabels(labels)
                .endMetadata()
                .withNewStatus()
                .withAllocatable(new java.util.HashMap<>(Map.of("nvidia.com/gpu", new Quantity(gpus))))
                .withCapacity(Map.of("nvidia.com/gpu", new Quantity(gpus)))
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withLastHeartbeatTime(heartbeat)
                .endCondition()
                .endStatus()
                .build();
    }

    private static final Map<String, String> EU = inEu("NVIDIA-H100");

    /** Labels of a node in eu-central with that GPU product, and more labels as key, value, … */
    private static Map<String, String> inEu(String product, String... more) {
        Map<String, String> labels = new java.util.HashMap<>(
                Map.of("topology.kubernetes.io/region", "eu-central", RegisteredCluster.PRODUCT_LABEL, product));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        return labels;
    }

    /** Eight GPUs in eu-central, as last seen. */
    private final Node before = node(EU, "8", "2026-11-30T02:00:00Z");

    @Test
    void aHeartbeatLeavesTheShapeAsItWas() {
        Node heartbeat = node(EU, "8", "2026-11-30T02:00:10Z");
        assertThat(NodeShape.changed(before, heartbeat)).isFalse();
        assertThat(NodeShape.shownChanged(before, heartbeat)).isFalse();
    }

    @Test
    void anyLabelOrResourceChangesWhatIsShown() {
        assertThat(NodeShape.shownChanged(before, node(inEu("NVIDIA-H100", "gpu-portal.dev/pool", "a"), "8", "x")))
                .isTrue();
        assertThat(NodeShape.shownChanged(before, node(EU, "4", "2026-11-30T02:00:00Z")))
                .isTrue();
    }

    @Test
    void anotherProductTopologyOrNumberOfGpusChangesTheShape() {
        assertThat(NodeShape.changed(before, node(inEu("NVIDIA-L4"), "8", "x"))).isTrue();
        assertThat(NodeShape.changed(before, node(inEu("NVIDIA-H100", NodeTopology.BLOCK, "b1"), "8", "x")))
                .isTrue();
        assertThat(NodeShape.changed(before, node(EU, "4", "2026-11-30T02:00:00Z")))
                .isTrue();
    }

    @Test
    void otherLabelsAndResourcesLeaveItAsItWas() {
        Node relabelled = node(inEu("NVIDIA-H100", "team", "x"), "8", "2026-11-30T02:00:00Z");
        relabelled.getStatus().getAllocatable().put("pods", new Quantity("110"));
        assertThat(NodeShape.changed(before, relabelled)).isFalse();
    }
}
