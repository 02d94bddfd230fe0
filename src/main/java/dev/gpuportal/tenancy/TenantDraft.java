package dev.gpuportal.tenancy;

import java.util.List;

/**
 * What an admin enters for a tenant. For the dedicated tier also the Kubernetes version of its virtual cluster
 * (blank: the portal's default) and the node pools of its host cluster that serve it alone.
 */
public record TenantDraft(
        String slug,
        String displayName,
        String description,
        IsolationTier isolationTier,
        List<String> allowedRegions,
        String kubernetesVersion,
        List<String> nodePools) {

    public TenantDraft {
        allowedRegions = allowedRegions == null ? List.of() : List.copyOf(allowedRegions);
        kubernetesVersion = kubernetesVersion == null ? "" : kubernetesVersion.strip();
        nodePools = nodePools == null ? List.of() : List.copyOf(nodePools);
    }

    /** A tenant with the portal's defaults for the dedicated tier. */
    public TenantDraft(
            String slug,
            String displayName,
            String description,
            IsolationTier isolationTier,
            List<String> allowedRegions) {
        this(slug, displayName, description, isolationTier, allowedRegions, "", List.of());
    }
}
