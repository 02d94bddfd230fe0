package dev.gpuportal.cluster.virtual;

import dev.gpuportal.cluster.registry.VirtualClusterHosting;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Makes virtual clusters for dedicated tenants in a host cluster. Kept small so that providers other than Kamaji
 * (e.g. vcluster, whose kubeconfig is the Secret {@code vc-<name>}, key {@code config}) fit the same reconciler.
 */
interface VirtualClusterProvider extends VirtualClusterHosting {

    /** The host objects that make the virtual cluster (namespaced in {@code vc.namespace()}); pure. */
    List<HasMetadata> render(VirtualClusterBlueprint vc);

    /** A state saying why the host cannot have this provider's control planes (its API is missing), if so. */
    Optional<ControlPlaneState> unavailableOn(KubernetesClient host, VirtualClusterBlueprint vc);

    /** What the host reports about the control plane. */
    ControlPlaneState observe(KubernetesClient host, VirtualClusterBlueprint vc);

    /** The admin kubeconfig the provider wrote, once there is one. It never leaves the portal. */
    Optional<String> adminKubeconfig(KubernetesClient host, VirtualClusterBlueprint vc);

    /** Deletes the control plane object; true once it is gone. */
    boolean deleteControlPlane(KubernetesClient host, String namespace, String name);
}
