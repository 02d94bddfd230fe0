package dev.gpuportal.metrics;

import java.time.Duration;

/** The spans a workload's GPU use is charted over, each with a step that gives at most ~170 points. */
public enum UsageWindow {
    HOUR("Last hour", Duration.ofHours(1), Duration.ofSeconds(30)),
    DAY("Last day", Duration.ofDays(1), Duration.ofMinutes(10)),
    WEEK("Last week", Duration.ofDays(7), Duration.ofHours(1));

    private final String label;
    private final Duration span;
    private final Duration step;

    UsageWindow(String label, Duration span, Duration step) {
        this.label = label;
        this.span = span;
        this.step = step;
    }

    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }

    public Duration step() {
        return step;
    }
}
