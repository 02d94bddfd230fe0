package dev.gpuportal.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The PromQL the portal sends, over DCGM exporter series. Each query answers a whole page: several series are
 * returned at once, told apart by a {@code series} label added with {@code label_replace}. Compute is
 * {@code DCGM_FI_PROF_GR_ENGINE_ACTIVE} (0-1), which DCGM reports for MIG instances too, unlike
 * {@code DCGM_FI_DEV_GPU_UTIL}. Pure.
 */
final class Queries {

    static final String MEMORY = "DCGM_FI_DEV_FB_USED";
    static final String COMPUTE = "DCGM_FI_PROF_GR_ENGINE_ACTIVE";

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
     * Per namespace, pod, node, MIG profile and model: devices held ({@code series="units"}) and their summed compute
     * ({@code series="busy"}) — what allocation and use are counted from.
     */
    static String allocation(Collection<String> namespaces) {
        String by = " by (namespace, pod, Hostname, GPU_I_PROFILE, modelName) (" + COMPUTE + "{namespace=~\""
                + anyOf(namespaces) + "\"})";
        return tagged("count" + by, "units") + " or " + tagged("sum" + by, "busy");
    }

    static String anyOf(Collection<String> names) {
        return names.stream().sorted().collect(Collectors.joining("|"));
    }

    private static String tagged(String expression, String name) {
        return "label_replace(" + expression + ", \"series\", \"" + name + "\", \"\", \"\")";
    }
}
