package dev.gpuportal.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What tenancy needs to know of the registered clusters to check a placement (implemented by the cluster feature). */
public interface ClusterDirectory {

    List<String> clusterNames();

    /** The regions a cluster serves, or empty when no such cluster is registered. */
    Optional<Set<String>> regionsOf(String clusterName);

    /** The node pools (label {@code gpu-portal.dev/pool}) of a registered cluster's nodes. */
    Set<String> nodePoolsOf(String clusterName);

    /** The Kubernetes version a new virtual cluster gets when the admin names none. */
    String defaultVirtualClusterVersion();

    /**
     * Whether a registered cluster can host dedicated tenants' virtual clusters: its provider's API (Kamaji's
     * TenantControlPlane) is installed there.
     */
    boolean servesVirtualClusters(String clusterName);

    /**
     * The Kubernetes versions virtual clusters can run, each a minor line ("v1.38": any patch release of it) or one
     * release ("v1.37.2").
     */
    List<String> virtualClusterVersions();

    /** Every registered cluster with what its last probe and its node informer report. */
    List<ClusterSummary> summaries();

    /** Calls {@code onChange} with a cluster's name when its nodes or reachability change; returns how to stop. */
    Runnable subscribe(java.util.function.Consumer<String> onChange);
}
