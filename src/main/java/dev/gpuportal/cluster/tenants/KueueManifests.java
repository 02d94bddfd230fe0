package dev.gpuportal.cluster.tenants;

import dev.gpuportal.base.Quantities;
import dev.gpuportal.cluster.registry.NodeTopology;
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
 *
 * <p>Where GPU nodes name their topology ({@link NodeTopology}), the cluster gets a Topology of those levels and the
 * flavors of those GPUs refer to it, so that Kueue can keep a job's workers within one block. Kueue places a pod by
 * topology only when one flavor gives it all it asks for, CPU and memory included: the ClusterQueue then has a single
 * resource group in which every flavor lists CPU, memory and every GPU resource, the CPU-only flavor first (no GPUs)
 * and each GPU flavor with the tenant's CPU and memory again. That repeats the CPU quota per flavor, which is safe
 * because the portal admits CPU against the tenant's whole quota before Kueue sees a job, and the ResourceQuota
 * enforces it.
 */
public final class KueueManifests {

    public static final String API_VERSION = "kueue.x-k8s.io/v1beta2";
    /** The flavor of CPU and memory: no node labels, any node. */
    public static final String CPU_FLAVOR = "gpu-portal-cpu";

    /** The cluster's Topology (one per cluster, shared by all tenants). */
    public static final String TOPOLOGY = "gpu-portal";

    static final String PRODUCT_LABEL = "nvidia.com/gpu.product";

    private KueueManifests() {}

    /** The tenant's ClusterQueue and LocalQueue, after the Cohort and flavors they refer to. */
    public static List<GenericKubernetesResource> render(KueueBlueprint tenant) {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        objects.add(cohort(tenant.cohort()));
        if (tenant.topologyAware()) {
            objects.add(topology());
        }
        objects.add(flavor(CPU_FLAVOR, Map.of(), null));
        for (KueueBlueprint.FlavorQuota gpu : tenant.gpus()) {
            // a topology flavor needs a node label to select its nodes by (Kueue refuses one without)
            boolean topology = gpu.topology() && !gpu.product().isEmpty();
            objects.add(flavor(
                    gpu.flavor(),
                    gpu.product().isEmpty() ? Map.of() : Map.of(PRODUCT_LABEL, gpu.product()),
                    topology ? TOPOLOGY : null));
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

    /** The levels GPU nodes name, widest first: where Kueue looks for room to keep a job's workers together. */
    static GenericKubernetesResource topology() {
        GenericKubernetesResource topology = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("Topology")
                .withNewMetadata()
                .withName(TOPOLOGY)
                .withLabels(shared())
                .endMetadata()
                .build();
        topology.setAdditionalProperty(
                "spec",
                Map.of(
                        "levels",
                        NodeTopology.LEVELS.stream()
                                .map(label -> Map.of("nodeLabel", label))
                                .toList()));
        return topology;
    }

    static GenericKubernetesResource flavor(String name, Map<String, String> nodeLabels, String topologyName) {
        GenericKubernetesResource flavor = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("ResourceFlavor")
                .withNewMetadata()
                .withName(name)
                .withLabels(shared())
                .endMetadata()
                .build();
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!nodeLabels.isEmpty()) {
            spec.put("nodeLabels", new TreeMap<>(nodeLabels));
        }
        if (topologyName != null) {
            spec.put("topologyName", topologyName);
        }
        if (!spec.isEmpty()) {
            flavor.setAdditionalProperty("spec", spec);
        }
        return flavor;
    }

    static GenericKubernetesResource clusterQueue(KueueBlueprint t) {
        List<Object> groups = t.topologyAware() ? singleGroup(t) : groupsByResource(t);
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

    /** CPU and memory in a group of their own; one group per GPU resource name, its flavors the products offering it. */
    private static List<Object> groupsByResource(KueueBlueprint t) {
        List<Object> groups = new ArrayList<>();
        groups.add(Map.of(
                "coveredResources",
                List.of("cpu", "memory"),
                "flavors",
                List.of(Map.of("name", CPU_FLAVOR, "resources", ownCpuAndMemory(t)))));
        Map<String, List<Object>> flavorsByResource = new TreeMap<>();
        for (KueueBlueprint.FlavorQuota gpu : t.gpus()) {
            flavorsByResource
                    .computeIfAbsent(gpu.resource(), k -> new ArrayList<>())
                    .add(Map.of("name", gpu.flavor(), "resources", List.of(gpuQuota(gpu))));
        }
        flavorsByResource.forEach(
                (resource, flavors) -> groups.add(Map.of("coveredResources", List.of(resource), "flavors", flavors)));
        return groups;
    }

    /**
     * One group covering CPU, memory and every GPU resource, so that one flavor can give a pod all it asks for (what
     * Kueue needs to place it by topology): the CPU-only flavor first, without GPUs, then each GPU flavor with its own
     * GPUs and none of the others.
     */
    private static List<Object> singleGroup(KueueBlueprint t) {
        List<String> gpuResources = t.gpus().stream()
                .map(KueueBlueprint.FlavorQuota::resource)
                .distinct()
                .sorted()
                .toList();
        List<String> covered = new ArrayList<>(List.of("cpu", "memory"));
        covered.addAll(gpuResources);
        List<Object> flavors = new ArrayList<>();
        List<Object> cpuOnly = new ArrayList<>(ownCpuAndMemory(t));
        gpuResources.forEach(r -> cpuOnly.add(ownOnly(r, "0")));
        flavors.add(Map.of("name", CPU_FLAVOR, "resources", cpuOnly));
        for (KueueBlueprint.FlavorQuota gpu : t.gpus()) {
            List<Object> resources = new ArrayList<>(ownCpuAndMemory(t));
            for (String r : gpuResources) {
                resources.add(r.equals(gpu.resource()) ? gpuQuota(gpu) : ownOnly(r, "0"));
            }
            flavors.add(Map.of("name", gpu.flavor(), "resources", resources));
        }
        return List.of(Map.of("coveredResources", covered, "flavors", flavors));
    }

    private static List<Object> ownCpuAndMemory(KueueBlueprint t) {
        return List.of(
                ownOnly("cpu", Quantities.formatCpu(t.cpuMillis())),
                ownOnly("memory", Quantities.formatBytes(t.memoryBytes())));
    }

    private static Map<String, Object> gpuQuota(KueueBlueprint.FlavorQuota gpu) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("name", gpu.resource());
        resource.put("nominalQuota", Long.toString(gpu.nominal()));
        resource.put("borrowingLimit", Long.toString(gpu.borrowing()));
        resource.put("lendingLimit", Long.toString(gpu.lending()));
        return resource;
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
