package dev.gpuportal.cluster.tenants;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to render a tenant's Kubernetes objects, already resolved from the database: the namespace,
 * the quota keys with canonical quantities, who gets which role, and which namespaces may reach the tenant. In a
 * dedicated tenant's own virtual cluster ({@code wholeCluster}) tenant admins get cluster-admin and everyone may
 * list the namespaces: there are no other tenants to hide.
 */
public record TenantBlueprint(
        String slug,
        String namespace,
        Map<String, String> quotaHard,
        List<Grant> grants,
        List<String> trustedNamespaces,
        boolean wholeCluster) {

    public TenantBlueprint {
        quotaHard = Map.copyOf(quotaHard);
        grants = List.copyOf(grants);
        trustedNamespaces = List.copyOf(trustedNamespaces);
    }

    public TenantBlueprint(
            String slug,
            String namespace,
            Map<String, String> quotaHard,
            List<Grant> grants,
            List<String> trustedNamespaces) {
        this(slug, namespace, quotaHard, grants, trustedNamespaces, false);
    }

    TenantBlueprint inWholeCluster() {
        return new TenantBlueprint(slug, namespace, quotaHard, grants, trustedNamespaces, true);
    }

    /** A Kubernetes RBAC subject (kind "User" or "Group", name as the API server sees it) with a tenant role. */
    public record Grant(String subjectKind, String subjectName, Access access) {}

    /** The three tenant roles, bound to Kubernetes' built-in aggregated ClusterRoles. */
    public enum Access {
        TENANT_ADMIN("admin", "gpu-portal-tenant-admins"),
        MEMBER("edit", "gpu-portal-members"),
        VIEWER("view", "gpu-portal-viewers");

        private final String clusterRole;
        private final String bindingName;

        Access(String clusterRole, String bindingName) {
            this.clusterRole = clusterRole;
            this.bindingName = bindingName;
        }

        public String clusterRole() {
            return clusterRole;
        }

        public String bindingName() {
            return bindingName;
        }
    }
}
