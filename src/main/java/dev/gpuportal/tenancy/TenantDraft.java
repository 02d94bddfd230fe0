package dev.gpuportal.tenancy;

import java.util.List;

/** What an admin enters for a tenant. */
public record TenantDraft(
        String slug, String displayName, String description, IsolationTier isolationTier, List<String> allowedRegions) {

    public TenantDraft {
        allowedRegions = allowedRegions == null ? List.of() : List.copyOf(allowedRegions);
    }
}
