package dev.gpuportal.cluster.virtual;

import java.util.List;

/**
 * A dedicated tenant's virtual cluster as the portal wants it, resolved from the database and settings: where its
 * control plane lives in the host cluster, its Kubernetes version and shape, the host's node pools that serve it,
 * and how its API server accepts the portal's single sign-on (null when the portal has no https issuer).
 */
public record VirtualClusterBlueprint(
        String tenantSlug,
        String hostCluster,
        String namespace,
        String name,
        String kubernetesVersion,
        int replicas,
        String serviceType,
        List<String> nodePools,
        Oidc oidc) {

    public VirtualClusterBlueprint {
        nodePools = List.copyOf(nodePools);
    }

    /**
     * The API server's OIDC settings. Prefixes match the portal's RBAC subjects, so the same bindings work in
     * shared namespaces and inside virtual clusters.
     */
    public record Oidc(
            String issuerUrl,
            String clientId,
            String usernameClaim,
            String groupsClaim,
            String usernamePrefix,
            String groupsPrefix) {}
}
