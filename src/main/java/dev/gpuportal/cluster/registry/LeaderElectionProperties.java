package dev.gpuportal.cluster.registry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Leader election among portal replicas through a {@code coordination.k8s.io} Lease on the first configured
 * cluster: the lease's name and namespace (blank: the {@code POD_NAMESPACE} environment variable, else "default"),
 * how long a lease holds without renewal, by when the leader must have renewed, and how often candidates try.
 */
@ConfigurationProperties("gpu-portal.leader-election")
public record LeaderElectionProperties(
        Boolean enabled,
        String leaseName,
        String namespace,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod) {

    public LeaderElectionProperties {
        enabled = enabled == null || enabled;
        leaseName = leaseName == null || leaseName.isBlank() ? "gpu-portal-leader" : leaseName;
        namespace = namespace == null || namespace.isBlank() ? defaultNamespace() : namespace;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(15) : leaseDuration;
        renewDeadline = renewDeadline == null ? Duration.ofSeconds(10) : renewDeadline;
        retryPeriod = retryPeriod == null ? Duration.ofSeconds(2) : retryPeriod;
    }

    private static String defaultNamespace() {
        String pod = System.getenv("POD_NAMESPACE");
        return pod == null || pod.isBlank() ? "default" : pod;
    }
}
