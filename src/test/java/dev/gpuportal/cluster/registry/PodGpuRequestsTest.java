package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodGpuRequestsTest {

    @Test
    void aBoundPodHoldsItsContainersGpusWhetherRunningOrNot() {
        assertThat(PodGpuRequests.held(pod("h100-1", "Pending"))).containsExactly(Map.entry("nvidia.com/gpu", 3L));
        assertThat(PodGpuRequests.held(pod("h100-1", "Running"))).containsEntry("nvidia.com/gpu", 3L);
        assertThat(PodGpuRequests.held(pod("h100-1", null))).containsEntry("nvidia.com/gpu", 3L);
    }

    @Test
    void anUnboundOrFinishedPodHoldsNothing() {
        assertThat(PodGpuRequests.held(pod(null, "Pending"))).isEmpty();
        assertThat(PodGpuRequests.held(pod("h100-1", "Succeeded"))).isEmpty();
        assertThat(PodGpuRequests.held(pod("h100-1", "Failed"))).isEmpty();
    }

    /** Two containers: one with a GPU limit of 2 and a CPU request, one with a GPU request (and limit) of 1. */
    private static Pod pod(String node, String phase) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("nlp")
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("a")
                .withNewResources()
                .withLimits(Map.of("nvidia.com/gpu", new Quantity("2")))
                .withRequests(Map.of("cpu", new Quantity("1")))
                .endResources()
                .endContainer()
                .addNewContainer()
                .withName("b")
                .withNewResources()
                .withRequests(Map.of("nvidia.com/gpu", new Quantity("1")))
                .withLimits(Map.of("nvidia.com/gpu", new Quantity("1")))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }
}
