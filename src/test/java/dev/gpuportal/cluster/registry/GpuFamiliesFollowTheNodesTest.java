package dev.gpuportal.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The GPU families are kept between passes (working them out over a thousand nodes for every workload was most of
 * a pass's CPU), so they must follow the nodes: on the registry's in-memory demo cluster, a node added, relabelled
 * or removed shows in them.
 */
class GpuFamiliesFollowTheNodesTest {

    private final ClusterRegistry registry = new ClusterRegistry(
            new KubernetesProperties(List.of(), null, null, "tenant-", "", "", null, 0),
            new VirtualClusterProperties(null, null, 1, null, null, null, null, null, null, null),
            List.of(),
            new MockEnvironment(),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        registry.destroy();
    }

    private RegisteredCluster demo() {
        return registry.find("demo").orElseThrow();
    }

    private static Node a100(String product) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName("extra-a100")
                .withLabels(Map.of(RegisteredCluster.PRODUCT_LABEL, product))
                .endMetadata()
                .withNewStatus()
                .withAllocatable(Map.of("nvidia.com/gpu", new Quantity("4")))
                .withCapacity(Map.of("nvidia.com/gpu", new Quantity("4")))
                .endStatus()
                .build();
    }

    private long units(String product) {
        return demo().gpuFamilies().stream()
                .filter(f ->
                        f.resource().equals("nvidia.com/gpu") && f.product().equals(product))
                .mapToLong(GpuFamily::units)
                .sum();
    }

    @Test
    void aNodeAddedRelabelledOrRemovedShowsInTheFamilies() throws InterruptedException {
        List<GpuFamily> first = demo().gpuFamilies();
        assertThat(first).isNotEmpty();
        assertThat(demo().gpuFamilies())
                .as("kept while the nodes stay as they are")
                .isSameAs(first);

        var nodes = demo().client().nodes();
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        registry.subscribe(cluster -> told.incrementAndGet());
        String someNode = nodes.list().getItems().getFirst().getMetadata().getName();
        nodes.withName(someNode).editStatus(n -> {
            n.getStatus()
                    .setConditions(List.of(new io.fabric8.kubernetes.api.model.NodeConditionBuilder()
                            .withType("Ready")
                            .withStatus("True")
                            .withLastHeartbeatTime("2026-11-30T02:00:10Z")
                            .build()));
            return n;
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> demo().nodes().stream()
                        .filter(n -> n.getMetadata().getName().equals(someNode))
                        .flatMap(n -> n.getStatus().getConditions().stream())
                        .anyMatch(c -> "2026-11-30T02:00:10Z".equals(c.getLastHeartbeatTime())));
        assertThat(demo().gpuFamilies()).as("a heartbeat changes nothing").isSameAs(first);
        Thread.sleep(300); // the watch's listeners run just after its cache is updated
        assertThat(told).as("nor is any page told of a heartbeat").hasValue(0);

        nodes.resource(a100("NVIDIA-A100-SXM4-80GB")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> units("NVIDIA-A100-SXM4-80GB") == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> told.get() > 0);

        nodes.withName("extra-a100").edit(n -> a100("NVIDIA-A100-PCIE-40GB"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> units("NVIDIA-A100-PCIE-40GB") == 4 && units("NVIDIA-A100-SXM4-80GB") == 0);

        nodes.withName("extra-a100").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> units("NVIDIA-A100-PCIE-40GB") == 0);
        assertThat(demo().gpuFamilies()).isEqualTo(first);
    }
}
