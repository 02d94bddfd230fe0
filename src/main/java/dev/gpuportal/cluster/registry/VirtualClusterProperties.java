package dev.gpuportal.cluster.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How dedicated tenants get their virtual clusters: the provider (Kamaji), the Kubernetes version a new one gets,
 * the control plane's replicas and Service type, the prefix of its namespace in the host, and how its API server
 * trusts the portal's identity provider: the issuer as API servers reach it (blank: the portal's), the public client
 * kubeconfigs sign in with, and the claims it reads; the Kubernetes versions the provider can run ("v1.38": any
 * patch release of that minor line; by default the default version's minor line and the next).
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
        String oidcGroupsClaim,
        java.util.List<String> supportedVersions) {

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
        supportedVersions = supportedVersions == null || supportedVersions.isEmpty()
                ? defaultAndNextMinor(kubernetesVersion)
                : supportedVersions.stream().map(String::strip).toList();
    }

    /**
     * "v1.37.2" → [v1.37, v1.38]: the default's minor line and the next one, which is as far as the one-minor-at-a-time
     * upgrade rule lets a new virtual cluster go.
     */
    static java.util.List<String> defaultAndNextMinor(String version) {
        var m = java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+)(\\.\\d+)?").matcher(version);
        if (!m.matches()) {
            return java.util.List.of(version);
        }
        int minor = Integer.parseInt(m.group(2));
        return java.util.List.of("v" + m.group(1) + "." + minor, "v" + m.group(1) + "." + (minor + 1));
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
