package dev.gpuportal.tenancy;

/** How hard a tenant is separated from others. Only {@link #SHARED} is provisioned so far. */
public enum IsolationTier {
    /** Namespaces with quota, RBAC and network policies in a shared cluster. */
    SHARED,
    /** A virtual cluster of its own. */
    DEDICATED
}
