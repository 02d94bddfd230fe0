package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded default's stand-in for a cluster: fabric8's in-memory API server (it stores objects but schedules,
 * admits and enforces nothing), seeded with GPU nodes so the console has something to show. Only ever used when no
 * real cluster is configured, and labelled "demo" wherever it appears.
 */
final class DemoCluster {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private DemoCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    static DemoCluster start() {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        DemoCluster demo = new DemoCluster(server);
        for (Node node : nodes()) {
            demo.client.nodes().resource(node).create();
        }
        return demo;
    }

    KubernetesClient client() {
        return client;
    }

    void stop() {
        client.close();
        server.destroy();
    }

    static List<Node> nodes() {
        return List.of(
                node("demo-h100-1", "eu-central", "NVIDIA-H100-80GB-HBM3", "single", Map.of("nvidia.com/gpu", "8")),
                node(
                        "demo-h100-mig-1",
                        "eu-central",
                        "NVIDIA-H100-80GB-HBM3",
                        "mixed",
                        Map.of("nvidia.com/mig-1g.10gb", "14", "nvidia.com/mig-3g.40gb", "4")),
                node("demo-l4-shared-1", "us-east", "NVIDIA-L4", "none", Map.of("nvidia.com/gpu.shared", "16")));
    }

    private static Node node(String name, String region, String product, String migStrategy, Map<String, String> gpus) {
        Map<String, Quantity> resources = new HashMap<>();
        resources.put("cpu", new Quantity("64"));
        resources.put("memory", new Quantity("512Gi"));
        resources.put("pods", new Quantity("110"));
        gpus.forEach((k, v) -> resources.put(k, new Quantity(v)));
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(
                        RegisteredCluster.REGION_LABEL,
                        region,
                        "nvidia.com/gpu.product",
                        product,
                        "nvidia.com/mig.strategy",
                        migStrategy,
                        "gpu-portal.dev/demo",
                        "true"))
                .endMetadata()
                .withNewStatus()
                .withCapacity(resources)
                .withAllocatable(resources)
                .endStatus()
                .build();
    }
}
