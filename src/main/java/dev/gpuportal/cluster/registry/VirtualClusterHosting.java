package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the registry needs to know of a virtual cluster provider: its name and whether a host serves its API, so that
 * dedicated tenants are offered only where they can be placed. The providers themselves live in {@code virtual}.
 */
public interface VirtualClusterHosting {

    /** "kamaji". */
    String name();

    /** Whether the host serves this provider's API. */
    boolean servedBy(KubernetesClient host);
}
