package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.registry.GpuFamily;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.quota.SharingLimits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where GPU nodes name their network block: the cluster's Topology, the flavors placed by it, and the queue layout. */
class KueueTopologyMappingTest {

    static final List<GpuFamily> NODES_WITH_BLOCKS = List.of(
            new GpuFamily("nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", 16, true, "rdma/ib"),
            new GpuFamily("nvidia.com/mig-1g.10gb", "NVIDIA-H100-80GB-HBM3", 28, false, null));

    static List<GenericKubernetesResource> render() {
        return KueueManifests.render(TenantBlueprints.kueue(
                "nlp",
                KueueMappingTest.FOUR_GPUS,
                SharingLimits.DEFAULT,
                GpuAmount.ZERO,
                KueueMappingTest.CATALOG,
                NODES_WITH_BLOCKS,
                KueueMappingTest.PROPERTIES,
                "gpu-portal"));
    }

    @Test
    void theClusterGetsATopologyOfBlockRackAndNodeAndTheFlavorOfNodesThatNameThemRefersToIt() {
        List<GenericKubernetesResource> objects = render();

        assertThat(objects)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly(
                        "Cohort/gpu-portal",
                        "Topology/gpu-portal",
                        "ResourceFlavor/gpu-portal-cpu",
                        "ResourceFlavor/nvidia-h100-80gb-hbm3-gpu",
                        "ResourceFlavor/nvidia-h100-80gb-hbm3-mig-1g.10gb",
                        "ClusterQueue/gpu-portal-nlp",
                        "LocalQueue/nlp");
        assertThat(objects.get(1).getApiVersion()).isEqualTo("kueue.x-k8s.io/v1beta2");
        assertThat(objects.get(1).getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "gpu-portal");
        assertThat(objects.get(1).getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of(
                        "levels",
                        List.of(
                                Map.of("nodeLabel", "gpu-portal.dev/block"),
                                Map.of("nodeLabel", "gpu-portal.dev/rack"),
                                Map.of("nodeLabel", "kubernetes.io/hostname"))));
        assertThat(objects.get(3).getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of(
                        "nodeLabels",
                        Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"),
                        "topologyName",
                        "gpu-portal"));
        // the MIG nodes name no block: their flavor stays as it was
        assertThat(objects.get(4).getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of("nodeLabels", Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneGroupLetsOneFlavorGiveAPodAllItAsksForWithTheGpuQuotasUnchanged() {
        Map<String, Object> spec =
                (Map<String, Object>) render().get(5).getAdditionalProperties().get("spec");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("resourceGroups");

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.get("coveredResources"))
                    .isEqualTo(List.of("cpu", "memory", "nvidia.com/gpu", "nvidia.com/mig-1g.10gb"));
            List<Map<String, Object>> flavors = (List<Map<String, Object>>) group.get("flavors");
            assertThat(flavors)
                    .extracting(f -> f.get("name"))
                    .containsExactly(
                            "gpu-portal-cpu", "nvidia-h100-80gb-hbm3-gpu", "nvidia-h100-80gb-hbm3-mig-1g.10gb");
            // every flavor lists the covered resources in the same order, as Kueue requires
            assertThat(flavors)
                    .allSatisfy(f -> assertThat((List<Map<String, Object>>) f.get("resources"))
                            .extracting(r -> r.get("name"))
                            .isEqualTo(group.get("coveredResources")));
            assertThat(quotas(flavors.get(0)))
                    .containsExactly(
                            "cpu 32 0 0", "memory 128Gi 0 0", "nvidia.com/gpu 0 0 0", "nvidia.com/mig-1g.10gb 0 0 0");
            assertThat(quotas(flavors.get(1)))
                    .containsExactly(
                            "cpu 32 0 0", "memory 128Gi 0 0", "nvidia.com/gpu 4 4 4", "nvidia.com/mig-1g.10gb 0 0 0");
            assertThat(quotas(flavors.get(2)))
                    .containsExactly(
                            "cpu 32 0 0",
                            "memory 128Gi 0 0",
                            "nvidia.com/gpu 0 0 0",
                            "nvidia.com/mig-1g.10gb 28 28 28");
        });
    }

    @Test
    void withoutNodesThatNameTheirBlockThereIsNoTopology() {
        List<GenericKubernetesResource> objects = KueueManifests.render(TenantBlueprints.kueue(
                "nlp",
                KueueMappingTest.FOUR_GPUS,
                SharingLimits.DEFAULT,
                GpuAmount.ZERO,
                KueueMappingTest.CATALOG,
                KueueMappingTest.NODES,
                KueueMappingTest.PROPERTIES,
                "gpu-portal"));

        assertThat(objects).noneMatch(o -> o.getKind().equals("Topology"));
        assertThat(objects)
                .filteredOn(o -> o.getKind().equals("ResourceFlavor"))
                .allSatisfy(f -> assertThat(
                                String.valueOf(f.getAdditionalProperties().get("spec")))
                        .doesNotContain("topologyName"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> quotas(Map<String, Object> flavor) {
        return ((List<Map<String, Object>>) flavor.get("resources"))
                .stream()
                        .map(r -> r.get("name") + " " + r.get("nominalQuota") + " " + r.get("borrowingLimit") + " "
                                + r.get("lendingLimit"))
                        .toList();
    }
}
