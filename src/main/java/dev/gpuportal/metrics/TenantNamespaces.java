package dev.gpuportal.metrics;

/** Which Kubernetes namespace holds a tenant's workloads (implemented by the cluster feature). */
public interface TenantNamespaces {

    String namespaceOf(String tenantSlug);
}
