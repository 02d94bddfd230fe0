package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GPU resources a pod holds, read as kube-state-metrics reads requests: once bound to a node and until it has
 * finished (a pod being deleted still holds them). Extended resources such as {@code nvidia.com/gpu} are requested
 * as limits; a request, when given, equals them. Pure.
 */
final class PodGpuRequests {

    private PodGpuRequests() {}

    /** Units by resource name ({@code nvidia.com/...}); empty for a pod not bound yet or finished. */
    static Map<String, Long> held(Pod pod) {
        Map<String, Long> held = new TreeMap<>();
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
            return held;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return held;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getResources() == null) {
                continue;
            }
            Map<String, Quantity> amounts = new TreeMap<>();
            if (c.getResources().getRequests() != null) {
                amounts.putAll(c.getResources().getRequests());
            }
            if (c.getResources().getLimits() != null) {
                c.getResources().getLimits().forEach(amounts::putIfAbsent);
            }
            amounts.forEach((resource, amount) -> {
                if (resource.startsWith("nvidia.com/")) {
                    long units = Quantity.getAmountInBytes(amount).longValue();
                    if (units > 0) {
                        held.merge(resource, units, Long::sum);
                    }
                }
            });
        }
        return held;
    }
}
