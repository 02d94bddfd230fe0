package dev.gpuportal.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the portal reads GPU metrics: a Prometheus-compatible HTTP API that scrapes NVIDIA's DCGM exporter (what GPUs
 * do) and kube-state-metrics (what pods request). Without {@code prometheusUrl} the portal runs as before and its pages
 * say that metrics are not configured.
 */
@ConfigurationProperties("gpu-portal.metrics")
public record MetricsProperties(String prometheusUrl, Duration timeout, Duration cacheFor) {

    public MetricsProperties {
        prometheusUrl = prometheusUrl == null || prometheusUrl.isBlank() ? null : prometheusUrl.strip();
        // Short: a page waits at most this long for Prometheus before it says "metrics unavailable".
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        cacheFor = cacheFor == null ? Duration.ofSeconds(15) : cacheFor;
    }

    public boolean configured() {
        return prometheusUrl != null;
    }
}
