package dev.gpuportal.cluster.registry;

import dev.gpuportal.metrics.GpuInventory;
import dev.gpuportal.metrics.TenantNamespaces;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the metrics feature needs to know about the clusters: tenants' namespaces, the GPUs nodes offer and the GPUs
 * the portal's pods hold.
 */
@Component
class MetricsClusterFacts implements TenantNamespaces, GpuInventory {

    private static final String PRODUCT_LABEL = "nvidia.com/gpu.product";

    private final ClusterRegistry registry;
    private final KubernetesProperties properties;

    MetricsClusterFacts(ClusterRegistry registry, KubernetesProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public String namespaceOf(String tenantSlug) {
        return properties.namespaceOf(tenantSlug);
    }

    @Override
    public List<Offer> offers() {
        List<Offer> offers = new ArrayList<>();
        for (RegisteredCluster cluster : registry.all()) {
            if (cluster.virtual()) {
                continue; // a virtual cluster's nodes are the host cluster's, counted there
            }
            for (Node node : cluster.nodes()) {
                Map<String, String> labels = node.getMetadata().getLabels();
                String product = labels == null ? null : labels.get(PRODUCT_LABEL);
                if (product == null
                        || node.getStatus() == null
                        || node.getStatus().getAllocatable() == null) {
                    continue;
                }
                node.getStatus().getAllocatable().forEach((resource, amount) -> {
                    if (resource.startsWith("nvidia.com/")) {
                        offers.add(new Offer(
                                cluster.name(),
                                node.getMetadata().getName(),
                                product,
                                resource,
                                Quantity.getAmountInBytes(amount).longValue()));
                    }
                });
            }
        }
        return offers;
    }

    /** From the portal's pod informers (its own pods) and node informers (their GPU product): no call per view. */
    @Override
    public List<PodRequest> podRequests() {
        List<PodRequest> requests = new ArrayList<>();
        for (RegisteredCluster cluster : registry.all()) {
            if (cluster.virtual()) {
                continue; // as for offers: counted on the host cluster
            }
            Map<String, String> productOfNode = new HashMap<>();
            for (Node node : cluster.nodes()) {
                Map<String, String> labels = node.getMetadata().getLabels();
                if (labels != null && labels.get(PRODUCT_LABEL) != null) {
                    productOfNode.put(node.getMetadata().getName(), labels.get(PRODUCT_LABEL));
                }
            }
            for (Pod pod : cluster.owned().list(Pod.class, null, Map.of())) {
                String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                String product = node == null ? null : productOfNode.get(node);
                if (product == null) {
                    continue;
                }
                PodGpuRequests.held(pod)
                        .forEach((resource, units) -> requests.add(new PodRequest(
                                cluster.name(),
                                node,
                                product,
                                pod.getMetadata().getNamespace(),
                                pod.getMetadata().getName(),
                                resource,
                                units)));
            }
        }
        return requests;
    }
}
