package dev.gpuportal.tenancy;

/** Kubeconfigs for people of a dedicated tenant to reach its own cluster (implemented by the cluster feature). */
public interface TenantKubeconfigs {

    /**
     * A kubeconfig that signs the caller in with the portal's single sign-on; it holds no credentials. Refused for
     * shared tenants, tenants the caller is not in, and while the virtual cluster is not ready.
     */
    String kubeconfigFor(String tenantSlug);
}
