package dev.gpuportal.cluster.workloads;

import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a tenant's workloads may run, as every pod of them must say it to the scheduler: on nodes of the tenant's
 * allowed regions, and, for a tenant with node pools of its own, on those pools only. Empty lists do not restrict.
 * Pure.
 */
public record WorkloadPlacement(List<String> regions, List<String> pools) {

    static final String REGION_LABEL = "topology.kubernetes.io/region";
    static final String POOL_LABEL = "gpu-portal.dev/pool";

    public static final WorkloadPlacement ANYWHERE = new WorkloadPlacement(List.of(), List.of());

    public WorkloadPlacement {
        regions = regions.stream()
                .map(String::strip)
                .filter(r -> !r.isEmpty())
                .sorted()
                .toList();
        pools = pools.stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .sorted()
                .toList();
    }

    /** The required node affinity that keeps pods inside the placement, or empty when it allows every node. */
    Optional<NodeAffinity> nodeAffinity() {
        List<NodeSelectorRequirement> required = new ArrayList<>();
        if (!regions.isEmpty()) {
            required.add(in(REGION_LABEL, regions));
        }
        if (!pools.isEmpty()) {
            required.add(in(POOL_LABEL, pools));
        }
        if (required.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeAffinityBuilder()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .withMatchExpressions(required)
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .build());
    }

    private static NodeSelectorRequirement in(String label, List<String> values) {
        return new NodeSelectorRequirementBuilder()
                .withKey(label)
                .withOperator("In")
                .withValues(values)
                .build();
    }
}
