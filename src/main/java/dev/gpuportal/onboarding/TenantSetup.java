package dev.gpuportal.onboarding;

import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import java.util.List;

/**
 * A whole new tenant as an admin describes it: the tenant, the clusters it is placed on, its members, and its quota
 * (null, or blank limits: the portal's defaults).
 */
public record TenantSetup(TenantDraft tenant, List<String> clusters, List<Member> members, QuotaDraft quota) {

    public TenantSetup {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A user or an identity-provider group with its role in the tenant. */
    public record Member(SubjectType type, String subject, TenantRole role) {}
}
