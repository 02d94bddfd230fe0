package dev.gpuportal.cluster.virtual;

import dev.gpuportal.cluster.engine.Apply;
import dev.gpuportal.cluster.registry.ClusterRegistry;
import dev.gpuportal.cluster.registry.KubernetesProperties;
import dev.gpuportal.cluster.registry.OwnedLabels;
import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.cluster.registry.VirtualClusterProperties;
import dev.gpuportal.security.OidcProperties;
import dev.gpuportal.tenancy.TenantProvisioning.Phase;
import dev.gpuportal.tenancy.TenantSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dedicated tier: for each dedicated tenant a virtual cluster made by the configured provider in the tenant's
 * host cluster, registered with the portal once ready, and torn down (control plane, then its namespace) when the
 * tenant leaves the tier or is archived.
 */
@Component
public class VirtualClusters {

    private static final Logger log = LoggerFactory.getLogger(VirtualClusters.class);

    private final ClusterRegistry registry;
    private final VirtualClusterProvider provider;
    private final VirtualClusterProperties properties;
    private final KubernetesProperties kubernetes;
    private final OidcProperties oidc;
    private final VirtualClusterStatus status;
    /** Tenants that have (or may still have) a control plane somewhere; only those need a teardown check. */
    private final java.util.Set<String> withControlPlane = java.util.concurrent.ConcurrentHashMap.newKeySet();

    VirtualClusters(
            ClusterRegistry registry,
            List<VirtualClusterProvider> providers,
            VirtualClusterProperties properties,
            KubernetesProperties kubernetes,
            OidcProperties oidc,
            VirtualClusterStatus status) {
        this.registry = registry;
        this.provider = providers.stream()
                .filter(p -> p.name().equals(properties.provider()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No virtual cluster provider '" + properties.provider()
                        + "'; known: "
                        + providers.stream().map(VirtualClusterProvider::name).toList()));
        this.properties = properties;
        this.kubernetes = kubernetes;
        this.oidc = oidc;
        this.status = status;
    }

    /** The name a dedicated tenant's virtual cluster is registered under. */
    public static String clusterName(String tenantSlug) {
        return ClusterRegistry.virtualClusterName(tenantSlug);
    }

    String controlPlaneNamespace(String tenantSlug) {
        return kubernetes.namespacePrefix() + properties.namespacePrefix() + tenantSlug;
    }

    /**
     * How virtual clusters' API servers accept the portal's single sign-on: the issuer as they reach it (by default
     * the portal's own). kube-apiserver accepts only an https issuer; without one there is no single sign-on (null).
     */
    VirtualClusterBlueprint.Oidc singleSignOn() {
        String issuer = properties.oidcIssuerUri().isBlank() ? oidc.issuerUri() : properties.oidcIssuerUri();
        if (!issuer.startsWith("https://")) {
            return null;
        }
        return new VirtualClusterBlueprint.Oidc(
                issuer,
                properties.oidcClientId(),
                properties.oidcUsernameClaim(),
                properties.oidcGroupsClaim(),
                kubernetes.rbacUserPrefix(),
                kubernetes.rbacGroupPrefix());
    }

    VirtualClusterBlueprint blueprint(TenantSnapshot tenant, RegisteredCluster host) {
        VirtualClusterBlueprint.Oidc sso = singleSignOn();
        return new VirtualClusterBlueprint(
                tenant.slug(),
                host.name(),
                controlPlaneNamespace(tenant.slug()),
                tenant.slug(),
                tenant.kubernetesVersion().orElse(properties.kubernetesVersion()),
                properties.replicas(),
                properties.serviceType(),
                tenant.nodePools(),
                sso);
    }

    /**
     * Makes the tenant's control plane in its host exist as wanted and reports its state; returns the virtual
     * cluster once its provider reports it ready and it is registered. {@code waitMore} is called when the control
     * plane is on its way, so the pass comes back soon.
     */
    public Optional<RegisteredCluster> ensure(RegisteredCluster host, TenantSnapshot tenant, Runnable waitMore) {
        String slug = tenant.slug();
        withControlPlane.add(slug);
        VirtualClusterBlueprint vc = blueprint(tenant, host);
        registry.dedicate(host.name(), slug, vc.nodePools());
        Optional<ControlPlaneState> unavailable = provider.unavailableOn(host.client(), vc);
        if (unavailable.isPresent()) {
            status.controlPlane(slug, host.name(), unavailable.get());
            status.set(slug, host.name(), Phase.FAILED, unavailable.get().message());
            return Optional.empty();
        }
        for (HasMetadata object : provider.render(vc)) {
            Apply.ifChanged(host, object);
        }
        ControlPlaneState state = provider.observe(host.client(), vc);
        status.controlPlane(slug, host.name(), state);
        switch (state.phase()) {
            case READY, UPGRADING -> status.set(slug, host.name(), Phase.READY, state.message());
            case FAILED, UNAVAILABLE -> status.set(slug, host.name(), Phase.FAILED, state.message());
            default -> status.set(slug, host.name(), Phase.PROGRESSING, "Control plane: " + state.message());
        }
        // Follow a control plane that is on its way (coming up, rolling to a new version) closely; a failed one
        // waits for a change or the periodic resync.
        boolean moving = switch (state.phase()) {
            case ABSENT, PROVISIONING, UPGRADING, REMOVING -> true;
            case READY, FAILED, UNAVAILABLE -> false;
        };
        if (moving) {
            waitMore.run();
        }
        if (state.phase() != ControlPlaneState.Phase.READY && state.phase() != ControlPlaneState.Phase.UPGRADING) {
            return registry.find(clusterName(slug));
        }
        Optional<String> kubeconfig = provider.adminKubeconfig(host.client(), vc);
        if (kubeconfig.isEmpty()) {
            status.set(slug, host.name(), Phase.PROGRESSING, "Waiting for the control plane's admin kubeconfig");
            if (!moving) {
                waitMore.run();
            }
            return Optional.empty();
        }
        return Optional.of(registry.registerVirtual(clusterName(slug), host, slug, kubeconfig.get()));
    }

    /** Remembers that a tenant has a control plane namespace (seen by a resync), so it is checked for teardown. */
    public void noticeControlPlane(String slug) {
        withControlPlane.add(slug);
    }

    /** Whether a tenant may have a control plane to tear down; tenants that never had one cost no request. */
    public boolean mayHaveControlPlane(String slug) {
        return withControlPlane.contains(slug);
    }

    /** Called once no host has anything of the tenant's virtual cluster left. */
    public void forget(String slug) {
        withControlPlane.remove(slug);
    }

    /**
     * Removes a tenant's virtual cluster from a host: the control plane first, then its namespace, then the
     * registration. Returns true when nothing of it is left there.
     */
    public boolean remove(RegisteredCluster host, String slug, long workloadsLeft) {
        String namespace = controlPlaneNamespace(slug);
        Namespace ns = host.owned().get(Namespace.class, null, namespace).orElse(null);
        boolean registeredHere = registry.find(clusterName(slug))
                .filter(c -> host.name().equals(c.host()))
                .isPresent();
        if (ns == null || !OwnedLabels.ownedBy(ns, slug)) {
            if (registeredHere) {
                registry.unregister(clusterName(slug));
            }
            registry.dedicate(host.name(), slug, List.of());
            status.clearControlPlane(slug);
            return true;
        }
        if (workloadsLeft > 0 && registeredHere) {
            status.set(
                    slug,
                    host.name(),
                    Phase.REMOVING,
                    "Waiting for " + workloadsLeft + " workload" + (workloadsLeft == 1 ? "" : "s")
                            + " to be deleted before the control plane");
            return false;
        }
        if (!provider.deleteControlPlane(host.client(), namespace, slug)) {
            status.set(slug, host.name(), Phase.REMOVING, "Deleting the control plane");
            status.controlPlane(
                    slug,
                    host.name(),
                    new ControlPlaneState(ControlPlaneState.Phase.REMOVING, "", "Deleting the control plane"));
            return false;
        }
        if (registeredHere) {
            registry.unregister(clusterName(slug));
        }
        if (ns.getMetadata().getDeletionTimestamp() == null) {
            Apply.delete(host, ns);
            log.info("Deleting namespace {} of the control plane of tenant '{}' on '{}'", namespace, slug, host.name());
        }
        status.set(slug, host.name(), Phase.REMOVING, "Deleting namespace " + namespace);
        return false;
    }
}
