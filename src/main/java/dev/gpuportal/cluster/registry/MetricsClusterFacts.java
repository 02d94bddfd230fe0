package dev.gpuportal.cluster.registry;

import dev.gpuportal.metrics.GpuInventory;
import dev.gpuportal.metrics.TenantNamespaces;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What the metrics feature needs to know about the clusters: tenants' namespaces and the GPUs nodes offer. */
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
}
