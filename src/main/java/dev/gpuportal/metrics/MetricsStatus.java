package dev.gpuportal.metrics;

/** Whether a page's metrics could be read, and if not, why (pages show the message instead of charts). */
public enum MetricsStatus {
    OK,
    NOT_CONFIGURED,
    UNAVAILABLE,
    NO_DATA;

    static final String NOT_CONFIGURED_TEXT = "GPU metrics are not configured: the portal has no Prometheus URL.";
    static final String NO_DATA_TEXT = "No data yet: no GPU metrics for this workload so far.";

    static String unavailable(String reason) {
        return "Metrics unavailable: " + reason + ".";
    }
}
