package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LeanPodsTest {

    @Test
    void keepsWhatThePortalReadsOfAPod() throws IOException {
        Pod pod = cachedPod();
        Pod lean = LeanPods.lean(cachedPod());

        assertThat(lean.getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
        assertThat(lean.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(lean.getMetadata().getResourceVersion()).isEqualTo("81377");
        assertThat(lean.getMetadata().getLabels()).isEqualTo(pod.getMetadata().getLabels());
        assertThat(lean.getMetadata().getOwnerReferences())
                .isEqualTo(pod.getMetadata().getOwnerReferences());
        assertThat(lean.getMetadata().getFinalizers())
                .isEqualTo(pod.getMetadata().getFinalizers());
        assertThat(lean.getMetadata().getDeletionTimestamp()).isNull();
        // where it runs and what it holds there
        assertThat(lean.getSpec().getNodeName()).isEqualTo("h100-eu-0007");
        assertThat(PodGpuRequests.held(lean))
                .isEqualTo(PodGpuRequests.held(pod))
                .containsEntry("nvidia.com/gpu", 1L);
        // how it is doing, as the workload's status is told from it
        assertThat(lean.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(lean.getStatus().getConditions()).isEqualTo(pod.getStatus().getConditions());
        assertThat(lean.getStatus().getContainerStatuses()).singleElement().satisfies(s -> {
            assertThat(s.getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
            assertThat(s.getImage()).isEqualTo("python:3.12-slim");
            assertThat(s.getReady()).isFalse();
        });
    }

    @Test
    void dropsWhatItNeverReads() throws IOException {
        Pod pod = cachedPod();
        Pod lean = LeanPods.lean(cachedPod());

        assertThat(lean.getMetadata().getManagedFields()).isEmpty();
        assertThat(lean.getSpec().getVolumes()).isEmpty();
        assertThat(lean.getSpec().getTolerations()).isEmpty();
        assertThat(lean.getSpec().getAffinity()).isNull();
        assertThat(lean.getSpec().getContainers().getFirst().getVolumeMounts()).isEmpty();
        assertThat(lean.getStatus().getPodIP()).isNull();
        assertThat(Serialization.asJson(lean).length())
                .isLessThan(Serialization.asJson(pod).length() / 2);
    }

    @Test
    void aPodWithoutSpecOrStatusStaysWithout() {
        Pod bare = new Pod();

        Pod lean = LeanPods.lean(bare);

        assertThat(lean.getSpec()).isNull();
        assertThat(lean.getStatus()).isNull();
        assertThat(lean.getMetadata()).isNull();
    }

    @Test
    void theCacheOfOwnedPodsKeepsThemLean() throws IOException {
        TrimmedItemStore<Pod> store = new TrimmedItemStore<>(null, LeanPods::lean);

        store.put("team-a/train-42-x7k2p", cachedPod());

        Pod cached = store.get("team-a/train-42-x7k2p");
        assertThat(cached.getSpec().getVolumes()).isEmpty();
        assertThat(cached.getSpec().getNodeName()).isEqualTo("h100-eu-0007");
    }

    private static Pod cachedPod() throws IOException {
        try (InputStream json = LeanPodsTest.class.getResourceAsStream("cached-pod.json")) {
            return Serialization.unmarshal(json, Pod.class);
        }
    }
}
