package dev.gpuportal.cluster.virtual;

import dev.gpuportal.audit.AuditAction;
import dev.gpuportal.audit.AuditLog;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.tenancy.Tenant;
import dev.gpuportal.tenancy.TenantAccess;
import dev.gpuportal.tenancy.TenantKubeconfigs;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Hands members of a dedicated tenant a single-sign-on kubeconfig of its virtual cluster; never the admin one. */
@Component
class VirtualClusterKubeconfigs implements TenantKubeconfigs {

    private final TenantService tenants;
    private final TenantAccess access;
    private final ClusterRegistry registry;
    private final VirtualClusters virtualClusters;
    private final KubernetesProperties properties;
    private final AuditLog audit;

    VirtualClusterKubeconfigs(
            TenantService tenants,
            TenantAccess access,
            ClusterRegistry registry,
            VirtualClusters virtualClusters,
            KubernetesProperties properties,
            AuditLog audit) {
        this.audit = audit;
        this.tenants = tenants;
        this.access = access;
        this.registry = registry;
        this.virtualClusters = virtualClusters;
        this.properties = properties;
    }

    @Override
    @Transactional // the hand-out is audited, and the audit log writes inside the caller's transaction
    public String kubeconfigFor(String tenantSlug) {
        access.require(tenantSlug, TenantRole.VIEWER);
        Tenant tenant = tenants.get(tenantSlug);
        if (!tenant.isDedicated()) {
            throw new ConflictException("Tenant " + tenantSlug
                    + " shares its clusters with other tenants: it has no cluster of its own to download");
        }
        RegisteredCluster cluster = registry.find(VirtualClusters.clusterName(tenantSlug))
                .orElseThrow(() -> new ConflictException(
                        "The cluster of tenant " + tenantSlug + " is not ready yet: try again when it shows Ready"));
        var sso = virtualClusters.singleSignOn();
        if (sso == null) {
            throw new ConflictException("The cluster of tenant " + tenantSlug
                    + " has no single sign-on: the portal's identity provider needs an https issuer"
                    + " (gpu-portal.virtual-clusters.oidc-issuer-uri); ask an admin");
        }
        var config = cluster.client().getConfiguration();
        audit.record(
                AuditAction.ACCESS,
                "kubeconfig",
                cluster.name(),
                tenantSlug,
                null,
                java.util.Map.of("cluster", cluster.name(), "signIn", sso.issuerUrl()));
        return new OidcKubeconfig(
                        cluster.name(),
                        config.getMasterUrl().replaceAll("/+$", ""),
                        config.getCaCertData(), // providers write admin kubeconfigs with inline data
                        properties.namespaceOf(tenantSlug),
                        sso.issuerUrl(),
                        sso.clientId())
                .render();
    }
}
