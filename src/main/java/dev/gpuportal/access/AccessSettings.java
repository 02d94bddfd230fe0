package dev.gpuportal.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the routes reach workloads and how they are addressed from outside.
 *
 * @param baseUrl the portal's external address (e.g. {@code https://gpu.example.org}) for the URLs the portal shows;
 *     empty: the address the browser used
 * @param upstream {@code service-proxy} (through the API server; works from anywhere, the default) or
 *     {@code direct} (the Service's cluster DNS name; for a portal running inside the cluster)
 * @param upstreamTimeout how long a workload may stay silent before the route gives up with 504
 */
@ConfigurationProperties("gpu-portal.access")
public record AccessSettings(String baseUrl, UpstreamMode upstream, Duration upstreamTimeout) {

    public enum UpstreamMode {
        SERVICE_PROXY,
        DIRECT
    }

    public AccessSettings {
        baseUrl = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
        upstream = upstream == null ? UpstreamMode.SERVICE_PROXY : upstream;
        upstreamTimeout = upstreamTimeout == null ? Duration.ofSeconds(60) : upstreamTimeout;
    }
}
