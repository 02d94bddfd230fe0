package dev.gpuportal.cluster.virtual;

import dev.gpuportal.cluster.registry.OwnedLabels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Kamaji (Clastix's hosted control planes): a {@code TenantControlPlane} in a namespace of the host; Kamaji runs
 * the control plane as pods there, writes the admin kubeconfig to {@code <name>-admin-kubeconfig} (key
 * {@code admin.conf}) and reports {@code status.kubernetesResources.version}.
 */
@Component
class KamajiProvider implements VirtualClusterProvider {

    static final String API_VERSION = "kamaji.clastix.io/v1alpha1";
    static final String KIND = "TenantControlPlane";
    static final String NODE_POOLS = "gpu-portal.dev/node-pools";
    static final ResourceDefinitionContext TENANT_CONTROL_PLANES = new ResourceDefinitionContext.Builder()
            .withGroup("kamaji.clastix.io")
            .withVersion("v1alpha1")
            .withKind(KIND)
            .withPlural("tenantcontrolplanes")
            .withNamespaced(true)
            .build();

    @Override
    public String name() {
        return "kamaji";
    }

    @Override
    public List<HasMetadata> render(VirtualClusterBlueprint vc) {
        return List.of(namespace(vc), tenantControlPlane(vc));
    }

    static HasMetadata namespace(VirtualClusterBlueprint vc) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(vc.namespace())
                .withLabels(labels(vc))
                .endMetadata()
                .build();
    }

    static GenericKubernetesResource tenantControlPlane(VirtualClusterBlueprint vc) {
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("replicas", vc.replicas());
        if (vc.oidc() != null) {
            deployment.put("extraArgs", Map.of("apiServer", oidcFlags(vc.oidc())));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("controlPlane", Map.of("deployment", deployment, "service", Map.of("serviceType", vc.serviceType())));
        spec.put("kubernetes", Map.of("version", vc.kubernetesVersion(), "kubelet", Map.of("cgroupfs", "systemd")));
        spec.put("networkProfile", Map.of("port", 6443));
        spec.put("addons", Map.of("coreDNS", Map.of(), "kubeProxy", Map.of()));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(vc.name())
                .withNamespace(vc.namespace())
                .withLabels(labels(vc))
                .withAnnotations(Map.of(NODE_POOLS, String.join(",", vc.nodePools())))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    /** kube-apiserver's OIDC flags: users of the portal's identity provider sign in with the same tokens. */
    static List<String> oidcFlags(VirtualClusterBlueprint.Oidc oidc) {
        List<String> flags = new ArrayList<>();
        flags.add("--oidc-issuer-url=" + oidc.issuerUrl());
        flags.add("--oidc-client-id=" + oidc.clientId());
        flags.add("--oidc-username-claim=" + oidc.usernameClaim());
        flags.add("--oidc-groups-claim=" + oidc.groupsClaim());
        flags.add("--oidc-username-prefix=" + oidc.usernamePrefix());
        flags.add("--oidc-groups-prefix=" + oidc.groupsPrefix());
        return flags;
    }

    private static Map<String, String> labels(VirtualClusterBlueprint vc) {
        Map<String, String> labels = new TreeMap<>(OwnedLabels.tenant(vc.tenantSlug()));
        labels.put(OwnedLabels.COMPONENT, "control-plane");
        return labels;
    }

    @Override
    public boolean servedBy(KubernetesClient host) {
        return installed(host);
    }

    @Override
    public Optional<ControlPlaneState> unavailableOn(KubernetesClient host, VirtualClusterBlueprint vc) {
        return installed(host) ? Optional.empty() : Optional.of(unavailable(vc));
    }

    @Override
    public ControlPlaneState observe(KubernetesClient host, VirtualClusterBlueprint vc) {
        GenericKubernetesResource tcp;
        try {
            tcp = host.genericKubernetesResources(TENANT_CONTROL_PLANES)
                    .inNamespace(vc.namespace())
                    .withName(vc.name())
                    .get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return unavailable(vc);
            }
            throw e;
        }
        if (tcp == null) {
            return new ControlPlaneState(ControlPlaneState.Phase.ABSENT, "", "Not created yet");
        }
        return stateOf(tcp, () -> lastWarning(host, vc).orElse(null));
    }

    /**
     * Reads Kamaji's status; a NotReady control plane's reason comes from its latest warning event, looked up only
     * then.
     */
    static ControlPlaneState stateOf(GenericKubernetesResource tcp, java.util.function.Supplier<String> lastWarning) {
        String status = text(tcp, "status", "kubernetesResources", "version", "status");
        String version = text(tcp, "status", "kubernetesResources", "version", "version");
        String wanted = text(tcp, "spec", "kubernetes", "version");
        String endpoint = text(tcp, "status", "controlPlaneEndpoint");
        return switch (status) {
            case "Ready" ->
                wanted.equals(version)
                        ? new ControlPlaneState(
                                ControlPlaneState.Phase.READY,
                                version,
                                "Control plane " + version + " ready" + (endpoint.isEmpty() ? "" : " at " + endpoint))
                        : new ControlPlaneState(
                                ControlPlaneState.Phase.UPGRADING, version, "Upgrade to " + wanted + " requested");
            case "Upgrading", "Migrating" ->
                new ControlPlaneState(
                        ControlPlaneState.Phase.UPGRADING,
                        version,
                        "Upgrading from " + (version.isEmpty() ? "?" : version) + " to " + wanted);
            case "NotReady" -> {
                String reason = lastWarning.get();
                yield new ControlPlaneState(
                        ControlPlaneState.Phase.FAILED,
                        version,
                        "Control plane not ready" + (reason == null ? "" : ": " + reason));
            }
            case "" -> new ControlPlaneState(ControlPlaneState.Phase.PROVISIONING, "", "Waiting for Kamaji");
            default ->
                new ControlPlaneState(ControlPlaneState.Phase.PROVISIONING, version, status + " (" + wanted + ")");
        };
    }

    private static Optional<String> lastWarning(KubernetesClient host, VirtualClusterBlueprint vc) {
        try {
            return host.v1().events().inNamespace(vc.namespace()).list().getItems().stream()
                    .filter(e -> "Warning".equals(e.getType())
                            && e.getInvolvedObject() != null
                            && KIND.equals(e.getInvolvedObject().getKind())
                            && vc.name().equals(e.getInvolvedObject().getName()))
                    .max(Comparator.comparing(KamajiProvider::timeOf))
                    .map(e -> e.getReason() + ": " + e.getMessage());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private static String timeOf(Event e) {
        String time = e.getLastTimestamp() != null
                ? e.getLastTimestamp()
                : e.getMetadata().getCreationTimestamp();
        return time == null ? "" : time;
    }

    /** Whether the host serves Kamaji's API; a portal not allowed to read CRDs assumes it does. */
    private static boolean installed(KubernetesClient host) {
        try {
            return host.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName("tenantcontrolplanes.kamaji.clastix.io")
                            .get()
                    != null;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    private static ControlPlaneState unavailable(VirtualClusterBlueprint vc) {
        return new ControlPlaneState(
                ControlPlaneState.Phase.UNAVAILABLE,
                "",
                "Kamaji is not installed on cluster " + vc.hostCluster() + " (no TenantControlPlane API there)");
    }

    @Override
    public Optional<String> adminKubeconfig(KubernetesClient host, VirtualClusterBlueprint vc) {
        Secret secret = host.secrets()
                .inNamespace(vc.namespace())
                .withName(vc.name() + "-admin-kubeconfig")
                .get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey("admin.conf")) {
            return Optional.empty();
        }
        return Optional.of(
                new String(Base64.getDecoder().decode(secret.getData().get("admin.conf")), StandardCharsets.UTF_8));
    }

    @Override
    public boolean deleteControlPlane(KubernetesClient host, String namespace, String name) {
        try {
            var resource = host.genericKubernetesResources(TENANT_CONTROL_PLANES)
                    .inNamespace(namespace)
                    .withName(name);
            GenericKubernetesResource tcp = resource.get();
            if (tcp == null) {
                return true;
            }
            if (tcp.getMetadata().getDeletionTimestamp() == null) {
                resource.delete();
            }
            return false;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true; // no Kamaji API: nothing of it can exist
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static String text(GenericKubernetesResource object, String... path) {
        Object node = object.getAdditionalProperties();
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return "";
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return node == null ? "" : node.toString();
    }
}
