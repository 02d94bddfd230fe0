package dev.gpuportal.metrics;

/** Prometheus is not configured, down, slow or answered with an error: pages show the message instead of charts. */
public class MetricsUnavailableException extends RuntimeException {

    public MetricsUnavailableException(String message) {
        super(message);
    }
}
