package dev.gpuportal.cluster.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How dedicated tenants get their virtual clusters: the provider (Kamaji), the Kubernetes version a new one gets,
 * the control plane's replicas and Service type, the prefix of its namespace in the host, and how its API server
 * trusts the portal's identity provider: the issuer as API servers reach it (blank: the portal's), the public client
 * kubeconfigs sign in with, and the claims it reads.
 */
@ConfigurationProperties("gpu-portal.virtual-clusters")
public record VirtualClusterProperties(
        String provider,
        String kubernetesVersion,
        int replicas,
        String serviceType,
        String namespacePrefix,
        String oidcIssuerUri,
        String oidcClientId,
        String oidcUsernameClaim,
        String oidcGroupsClaim) {

    public VirtualClusterProperties {
        provider = blankTo(provider, "kamaji");
        kubernetesVersion = blankTo(kubernetesVersion, "v1.37.2");
        replicas = replicas <= 0 ? 2 : replicas;
        serviceType = blankTo(serviceType, "LoadBalancer");
        namespacePrefix = blankTo(namespacePrefix, "gpu-portal-vc-");
        oidcIssuerUri = oidcIssuerUri == null ? "" : oidcIssuerUri.replaceAll("/+$", "");
        oidcClientId = blankTo(oidcClientId, "gpu-portal-api");
        oidcUsernameClaim = blankTo(oidcUsernameClaim, "preferred_username");
        oidcGroupsClaim = blankTo(oidcGroupsClaim, "groups");
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
