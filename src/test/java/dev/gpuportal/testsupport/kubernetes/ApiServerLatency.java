package dev.gpuportal.testsupport.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How long an API server took to answer, by verb and resource, from its own {@code apiserver_request_duration_seconds}
 * histogram (its sum and count): a benchmark reads it before and after a phase to tell a slower client from a slower
 * API server.
 */
public final class ApiServerLatency {

    /** Seconds spent and requests answered, by "VERB resource[/subresource]". */
    public record Reading(Map<String, Double> seconds, Map<String, Double> requests) {

        /** "PATCH jobs 2,000 × 61 ms, …": each kind of request between {@code earlier} and this reading. */
        public String since(Reading earlier) {
            return requests.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - earlier.requests.getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() >= 1)
                    .map(e -> {
                        double spent = seconds.get(e.getKey()) - earlier.seconds.getOrDefault(e.getKey(), 0.0);
                        return String.format(
                                "%s %.0f × %.0f ms", e.getKey(), e.getValue(), 1000 * spent / e.getValue());
                    })
                    .collect(Collectors.joining(", "));
        }
    }

    private ApiServerLatency() {}

    /** The histogram's sums and counts on the given resources, with every other label summed over. */
    public static Reading read(KubernetesClient admin, Set<String> resources) {
        Map<String, Double> seconds = new TreeMap<>();
        Map<String, Double> requests = new TreeMap<>();
        for (var sample : ApiServerMetrics.read(admin, "apiserver_request_duration_seconds_")) {
            Map<String, String> labels = sample.labels();
            boolean sum = sample.name().endsWith("_sum");
            if ((!sum && !sample.name().endsWith("_count"))
                    || !resources.contains(labels.get("resource"))
                    || "WATCH".equals(labels.get("verb"))) {
                continue;
            }
            String subresource = labels.getOrDefault("subresource", "");
            String key = labels.get("verb") + " " + labels.get("resource")
                    + (subresource.isEmpty() ? "" : "/" + subresource);
            (sum ? seconds : requests).merge(key, sample.value(), Double::sum);
        }
        return new Reading(seconds, requests);
    }
}
