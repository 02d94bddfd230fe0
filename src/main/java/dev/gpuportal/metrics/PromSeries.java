package dev.gpuportal.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One series of a Prometheus answer: its labels and its samples (one for an instant query). */
record PromSeries(Map<String, String> labels, List<Sample> samples) {

    PromSeries {
        labels = Map.copyOf(labels);
        samples = List.copyOf(samples);
    }

    String label(String name) {
        return labels.getOrDefault(name, "");
    }

    /** A value at a time; NaN and infinities from Prometheus are dropped when reading. */
    record Sample(Instant at, double value) {}
}
