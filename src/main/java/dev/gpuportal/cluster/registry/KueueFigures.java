package dev.gpuportal.cluster.registry;

import dev.gpuportal.quota.QueueFigures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the portal's ClusterQueues' status (what Kueue admitted, borrowed, keeps waiting) for the quota console. */
final class KueueFigures {

    private KueueFigures() {}

    static QueueFigures read(RegisteredCluster cluster) {
        // From the watch; one LIST only before it has listed them (just after Kueue was found)
        List<GenericKubernetesResource> queues = cluster.kueueClusterQueues()
                .orElseGet(() -> cluster.client()
                        .genericKubernetesResources("kueue.x-k8s.io/v1beta2", "ClusterQueue")
                        .withLabel(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER)
                        .list()
                        .getItems());
        Map<String, Map<String, Long>> used = new TreeMap<>();
        Map<String, Map<String, Long>> borrowed = new TreeMap<>();
        Map<String, Integer> waiting = new TreeMap<>();
        for (GenericKubernetesResource queue : queues) {
            String tenant = queue.getMetadata().getLabels().get(OwnedLabels.TENANT);
            if (tenant == null || !(queue.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
                continue;
            }
            if (status.get("pendingWorkloads") instanceof Number n) {
                waiting.put(tenant, n.intValue());
            }
            if (status.get("flavorsUsage") instanceof List<?> flavors) {
                for (Object flavor : flavors) {
                    if (flavor instanceof Map<?, ?> f && f.get("resources") instanceof List<?> resources) {
                        for (Object r : resources) {
                            if (r instanceof Map<?, ?> resource
                                    && String.valueOf(resource.get("name")).startsWith("nvidia.com/")) {
                                String name = String.valueOf(resource.get("name"));
                                add(used, tenant, name, resource.get("total"));
                                add(borrowed, tenant, name, resource.get("borrowed"));
                            }
                        }
                    }
                }
            }
        }
        Map<String, Long> capacity = new TreeMap<>();
        cluster.gpuFamilies().forEach(f -> capacity.merge(f.resource(), f.units(), Long::sum));
        return new QueueFigures(used, borrowed, waiting, capacity);
    }

    private static void add(Map<String, Map<String, Long>> into, String tenant, String resource, Object quantity) {
        if (quantity == null) {
            return;
        }
        long units = Quantity.getAmountInBytes(new Quantity(String.valueOf(quantity)))
                .longValue();
        into.computeIfAbsent(tenant, k -> new TreeMap<>()).merge(resource, units, Long::sum);
    }
}
