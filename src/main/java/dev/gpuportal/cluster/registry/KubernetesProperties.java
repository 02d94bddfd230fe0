package dev.gpuportal.cluster.registry;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the portal reaches Kubernetes. Clusters come from {@code gpu-portal.kubernetes.clusters[n].*}; when none is
 * configured, the cluster of the {@code KUBECONFIG} environment variable is registered as "default"; when there is
 * none either and the portal runs on its embedded defaults, a clearly labelled in-memory demo cluster is used.
 */
@ConfigurationProperties("gpu-portal.kubernetes")
public record KubernetesProperties(
        List<ClusterConfig> clusters,
        String kubeconfigEnvClusterName,
        List<String> kubeconfigEnvRegions,
        String namespacePrefix,
        String rbacGroupPrefix,
        String rbacUserPrefix,
        List<String> trustedNamespaces,
        int podsPerWorkload) {

    public KubernetesProperties {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        kubeconfigEnvClusterName = blankTo(kubeconfigEnvClusterName, "default");
        kubeconfigEnvRegions = kubeconfigEnvRegions == null ? List.of() : List.copyOf(kubeconfigEnvRegions);
        namespacePrefix = namespacePrefix == null ? "" : namespacePrefix;
        rbacGroupPrefix = rbacGroupPrefix == null ? "oidc:" : rbacGroupPrefix;
        rbacUserPrefix = rbacUserPrefix == null ? "oidc:" : rbacUserPrefix;
        trustedNamespaces =
                trustedNamespaces == null ? List.of("gpu-portal", "ingress-nginx") : List.copyOf(trustedNamespaces);
        podsPerWorkload = podsPerWorkload <= 0 ? 16 : podsPerWorkload;
    }

    /** The namespace of a tenant on a shared cluster (and inside its own virtual cluster). */
    public String namespaceOf(String tenantSlug) {
        return namespacePrefix + tenantSlug;
    }

    /**
     * One cluster: a kubeconfig file (and context), or the in-cluster service account; the regions it serves (found
     * from the nodes' {@code topology.kubernetes.io/region} labels when not given).
     */
    public record ClusterConfig(
            String name, String kubeconfig, String context, boolean inCluster, List<String> regions) {

        public ClusterConfig {
            regions = regions == null ? List.of() : List.copyOf(regions);
        }
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
