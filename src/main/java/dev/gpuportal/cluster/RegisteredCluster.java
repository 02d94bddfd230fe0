package dev.gpuportal.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A cluster the portal manages: its client, its node informer, and what the last probe found. */
final class RegisteredCluster {

    static final String REGION_LABEL = "topology.kubernetes.io/region";

    private final String name;
    private final List<String> configuredRegions;
    private final Map<String, String> labels;
    private final boolean demo;
    private final String source;
    private final KubernetesClient client;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile boolean reachable;
    private volatile String version = "";
    private volatile String lastError = "";
    private volatile Instant probedAt;
    private volatile boolean kueue;

    RegisteredCluster(
            String name,
            List<String> configuredRegions,
            Map<String, String> labels,
            boolean demo,
            String source,
            KubernetesClient client) {
        this.name = name;
        this.configuredRegions = List.copyOf(configuredRegions);
        this.labels = Map.copyOf(labels);
        this.demo = demo;
        this.source = source;
        this.client = client;
    }

    String name() {
        return name;
    }

    boolean demo() {
        return demo;
    }

    String source() {
        return source;
    }

    Map<String, String> labels() {
        return labels;
    }

    KubernetesClient client() {
        return client;
    }

    void nodeInformer(SharedIndexInformer<Node> informer) {
        this.nodes = informer;
    }

    void probed(boolean reachable, String version, String error, Instant at) {
        this.reachable = reachable;
        this.version = version == null ? "" : version;
        this.lastError = error == null ? "" : error;
        this.probedAt = at;
    }

    void kueue(boolean installed) {
        this.kueue = installed;
    }

    /** Whether Kueue's LocalQueue CRD is installed (then Jobs get the tenant's queue label). */
    boolean hasKueue() {
        return kueue;
    }

    boolean reachable() {
        return reachable;
    }

    String version() {
        return version;
    }

    String lastError() {
        return lastError;
    }

    Instant probedAt() {
        return probedAt;
    }

    boolean nodesSynced() {
        SharedIndexInformer<Node> informer = nodes;
        return informer != null && informer.hasSynced();
    }

    List<Node> nodes() {
        SharedIndexInformer<Node> informer = nodes;
        return informer == null ? List.of() : informer.getStore().list();
    }

    /** Configured regions, else the regions its nodes are labelled with. */
    Set<String> regions() {
        if (!configuredRegions.isEmpty()) {
            return new TreeSet<>(configuredRegions);
        }
        Set<String> regions = new TreeSet<>();
        for (Node node : nodes()) {
            String region = node.getMetadata().getLabels() == null
                    ? null
                    : node.getMetadata().getLabels().get(REGION_LABEL);
            if (region != null) {
                regions.add(region);
            }
        }
        return regions;
    }

    /** GPU resources (nvidia.com/*) summed over the nodes: capacity and allocatable. */
    Map<String, long[]> gpuResources() {
        Map<String, long[]> totals = new TreeMap<>();
        for (Node node : nodes()) {
            if (node.getStatus() == null) {
                continue;
            }
            add(totals, node.getStatus().getCapacity(), 0);
            add(totals, node.getStatus().getAllocatable(), 1);
        }
        return totals;
    }

    private static void add(Map<String, long[]> totals, Map<String, Quantity> resources, int slot) {
        if (resources == null) {
            return;
        }
        resources.forEach((resource, quantity) -> {
            if (resource.startsWith("nvidia.com/")) {
                BigDecimal amount = Quantity.getAmountInBytes(quantity);
                totals.computeIfAbsent(resource, k -> new long[2])[slot] += amount.longValue();
            }
        });
    }
}
