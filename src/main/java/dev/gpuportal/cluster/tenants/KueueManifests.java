package dev.gpuportal.cluster.tenants;

import dev.gpuportal.base.Quantities;
import dev.gpuportal.cluster.registry.OwnedLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a tenant's Kueue objects (API {@code kueue.x-k8s.io/v1beta2}): the cluster's Cohort and the ResourceFlavors
 * its GPUs come in (shared by all tenants), the tenant's ClusterQueue and its LocalQueue. Pure.
 *
 * <p>The ClusterQueue reclaims its guaranteed quota from borrowers by preemption ({@code reclaimWithinCohort: Any})
 * and never preempts others' guaranteed work to borrow; CPU and memory are the tenant's own, neither lent nor
 * borrowed, so only GPUs are shared.
 */
public final class KueueManifests {

    public static final String API_VERSION = "kueue.x-k8s.io/v1beta2";
    /** The flavor of CPU and memory: no node labels, any node. */
    public static final String CPU_FLAVOR = "gpu-portal-cpu";

    static final String PRODUCT_LABEL = "nvidia.com/gpu.product";

    private KueueManifests() {}

    /** The tenant's ClusterQueue and LocalQueue, after the Cohort and flavors they refer to. */
    public static List<GenericKubernetesResource> render(KueueBlueprint tenant) {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        objects.add(cohort(tenant.cohort()));
        objects.add(flavor(CPU_FLAVOR, Map.of()));
        for (KueueBlueprint.FlavorQuota gpu : tenant.gpus()) {
            objects.add(
                    flavor(gpu.flavor(), gpu.product().isEmpty() ? Map.of() : Map.of(PRODUCT_LABEL, gpu.product())));
        }
        objects.add(clusterQueue(tenant));
        objects.add(localQueue(tenant));
        return objects;
    }

    /** "gpu-portal-<slug>". */
    public static String clusterQueueName(String slug) {
        return "gpu-portal-" + slug;
    }

    /** A flavor's name from its product and resource: "nvidia-h100-80gb-hbm3-gpu", "nvidia-l4-gpu.shared". */
    public static String flavorName(String product, String resource) {
        String kind = resource.substring(resource.indexOf('/') + 1);
        String name = (product.isEmpty() ? "any" : product) + "-" + kind;
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("-+", "-");
    }

    static GenericKubernetesResource cohort(String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("Cohort")
                .withNewMetadata()
                .withName(name)
                .withLabels(shared())
                .endMetadata()
                .build();
    }

    static GenericKubernetesResource flavor(String name, Map<String, String> nodeLabels) {
        GenericKubernetesResource flavor = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("ResourceFlavor")
                .withNewMetadata()
                .withName(name)
                .withLabels(shared())
                .endMetadata()
                .build();
        if (!nodeLabels.isEmpty()) {
            flavor.setAdditionalProperty("spec", Map.of("nodeLabels", new TreeMap<>(nodeLabels)));
        }
        return flavor;
    }

    static GenericKubernetesResource clusterQueue(KueueBlueprint t) {
        List<Object> groups = new ArrayList<>();
        groups.add(Map.of(
                "coveredResources",
                List.of("cpu", "memory"),
                "flavors",
                List.of(Map.of(
                        "name",
                        CPU_FLAVOR,
                        "resources",
                        List.of(
                                ownOnly("cpu", Quantities.formatCpu(t.cpuMillis())),
                                ownOnly("memory", Quantities.formatBytes(t.memoryBytes())))))));
        // One group per GPU resource name; its flavors are the products that offer it.
        Map<String, List<Object>> flavorsByResource = new TreeMap<>();
        for (KueueBlueprint.FlavorQuota gpu : t.gpus()) {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("name", gpu.resource());
            resource.put("nominalQuota", Long.toString(gpu.nominal()));
            resource.put("borrowingLimit", Long.toString(gpu.borrowing()));
            resource.put("lendingLimit", Long.toString(gpu.lending()));
            flavorsByResource
                    .computeIfAbsent(gpu.resource(), k -> new ArrayList<>())
                    .add(Map.of("name", gpu.flavor(), "resources", List.of(resource)));
        }
        flavorsByResource.forEach(
                (resource, flavors) -> groups.add(Map.of("coveredResources", List.of(resource), "flavors", flavors)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cohortName", t.cohort());
        spec.put(
                "namespaceSelector",
                Map.of("matchLabels", Map.of(TenantManifests.NAMESPACE_NAME_LABEL, t.namespace())));
        spec.put("queueingStrategy", "BestEffortFIFO");
        spec.put("resourceGroups", groups);
        spec.put(
                "preemption",
                Map.of(
                        "reclaimWithinCohort", "Any",
                        "borrowWithinCohort", Map.of("policy", "Never"),
                        "withinClusterQueue", "LowerPriority"));
        spec.put("fairSharing", Map.of("weight", Integer.toString(t.fairSharingWeight())));
        GenericKubernetesResource queue = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("ClusterQueue")
                .withNewMetadata()
                .withName(t.clusterQueue())
                .withLabels(OwnedLabels.tenant(t.slug()))
                .endMetadata()
                .build();
        queue.setAdditionalProperty("spec", spec);
        return queue;
    }

    static GenericKubernetesResource localQueue(KueueBlueprint t) {
        GenericKubernetesResource queue = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("LocalQueue")
                .withNewMetadata()
                .withName(t.slug())
                .withNamespace(t.namespace())
                .withLabels(OwnedLabels.tenant(t.slug()))
                .endMetadata()
                .build();
        queue.setAdditionalProperty("spec", Map.of("clusterQueue", t.clusterQueue()));
        return queue;
    }

    private static Map<String, Object> ownOnly(String resource, String quantity) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", resource);
        r.put("nominalQuota", quantity);
        r.put("borrowingLimit", "0");
        r.put("lendingLimit", "0");
        return r;
    }

    private static Map<String, String> shared() {
        return Map.of(OwnedLabels.MANAGED_BY, OwnedLabels.MANAGER, OwnedLabels.COMPONENT, "sharing");
    }
}
