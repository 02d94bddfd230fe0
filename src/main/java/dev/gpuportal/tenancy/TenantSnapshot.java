package dev.gpuportal.tenancy;

import java.util.List;
import java.util.Optional;

/**
 * What the portal wants for one tenant, read in one transaction for the reconciler: where it is placed (clusters, allowed regions), its tier,
 * the node pools and Kubernetes version of its own cluster, and who belongs to it. Read-only; no user's rights are
 * involved.
 */
public record TenantSnapshot(
        long id,
        String slug,
        boolean archived,
        boolean dedicated,
        List<String> clusters,
        List<String> regions,
        List<String> nodePools,
        Optional<String> kubernetesVersion,
        List<MembershipView> members) {

    public TenantSnapshot {
        clusters = List.copyOf(clusters);
        regions = List.copyOf(regions);
        nodePools = List.copyOf(nodePools);
        members = List.copyOf(members);
    }

    /** Whether the tenant should exist on the cluster of that name (placed there and not archived). */
    public boolean placedOn(String cluster) {
        return !archived && clusters.contains(cluster);
    }
}
