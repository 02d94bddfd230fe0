package dev.gpuportal.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The PromQL the portal sends, over DCGM exporter series and kube-state-metrics' allocation. Each query answers a whole page: several series are
 * returned at once, told apart by a {@code series} label added with {@code label_replace}. Compute is
 * {@code DCGM_FI_PROF_GR_ENGINE_ACTIVE} (0-1), which DCGM reports for MIG instances too, unlike
 * {@code DCGM_FI_DEV_GPU_UTIL}. Pure.
 */
final class Queries {

    static final String MEMORY = "DCGM_FI_DEV_FB_USED";
    static final String COMPUTE = "DCGM_FI_PROF_GR_ENGINE_ACTIVE";
    /** kube-state-metrics: what each container requests, extended resources named as label values. */
    static final String REQUESTS = "kube_pod_container_resource_requests";
    /** NVIDIA's resources as kube-state-metrics names them ("nvidia.com/mig-1g.10gb" is "nvidia_com_mig_1g_10gb"). */
    static final String GPU_RESOURCES = "nvidia_com_.+";
    /** The node's GPU product, when kube-state-metrics is allowed to export that node label. */
    static final String NODE_PRODUCT = "label_nvidia_com_gpu_product";

    private Queries() {}

    /** Per pod of one workload and step: GPU memory in use (MiB, the pod's devices summed) and mean compute. */
    static String workloadSeries(String namespace, String podRegex, Duration step) {
        String selector = "{namespace=\"" + namespace + "\",pod=~\"" + podRegex + "\"}";
        String range = "[" + step.toSeconds() + "s]";
        return tagged("sum by (pod) (max_over_time(" + MEMORY + selector + range + "))", "memory") + " or "
                + tagged("avg by (pod) (avg_over_time(" + COMPUTE + selector + range + "))", "compute");
    }

    /** Per namespace and pod and step: the highest compute seen (for the idle rule). */
    static String peakCompute(Collection<String> namespaces, Duration step) {
        return "max by (namespace, pod) (max_over_time(" + COMPUTE + "{namespace=~\"" + anyOf(namespaces) + "\"}["
                + step.toSeconds() + "s]))";
    }

    /**
     * What allocation and use are counted from. Allocation comes from the cluster through kube-state-metrics: per
     * namespace, pod, node and resource, the GPU units the containers of running pods request
     * ({@code series="requested"}), with the node's {@code nvidia.com/gpu.product} label when kube-state-metrics
     * exports it ({@code label_nvidia_com_gpu_product}). Use comes from DCGM: per namespace, pod and model, the devices
     * reported ({@code series="devices"}) and their summed compute ({@code series="busy"}).
     */
    static String allocation(Collection<String> namespaces) {
        String inNamespaces = "namespace=~\"" + anyOf(namespaces) + "\"";
        String requested = "sum by (namespace, pod, node, resource, " + NODE_PRODUCT + ") (("
                + REQUESTS + "{" + inNamespaces + ",resource=~\"" + GPU_RESOURCES + "\"}"
                + " and on (namespace, pod) (kube_pod_status_phase{phase=\"Running\"} == 1))"
                + " * on (node) group_left (" + NODE_PRODUCT + ") max by (node, " + NODE_PRODUCT
                + ") (kube_node_labels))";
        String by = " by (namespace, pod, modelName) (" + COMPUTE + "{" + inNamespaces + "})";
        return tagged(requested, "requested") + " or " + tagged("count" + by, "devices") + " or "
                + tagged("sum" + by, "busy");
    }

    static String anyOf(Collection<String> names) {
        return names.stream().sorted().collect(Collectors.joining("|"));
    }

    private static String tagged(String expression, String name) {
        return "label_replace(" + expression + ", \"series\", \"" + name + "\", \"\", \"\")";
    }
}
