package dev.gpuportal.cluster.virtual;

import dev.gpuportal.tenancy.TenantProvisioning.Phase;

/** Where the dedicated tier reports what it sees: a tenant's state on a host, and its control plane's. */
public interface VirtualClusterStatus {

    void set(String tenant, String cluster, Phase phase, String message);

    void controlPlane(String tenant, String host, ControlPlaneState state);

    void clearControlPlane(String tenant);
}
