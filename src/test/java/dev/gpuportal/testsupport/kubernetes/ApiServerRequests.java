package dev.gpuportal.testsupport.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the requests an API server has served, by verb, from its own {@code apiserver_request_total} metric: what
 * really reached it, whoever sent it.
 */
public final class ApiServerRequests {

    private ApiServerRequests() {}

    /** Requests so far on the given resources (their main resource, not subresources such as status), by verb. */
    public static Map<String, Long> byVerb(KubernetesClient admin, Set<String> resources) {
        Map<String, Long> counts = new TreeMap<>();
        for (var sample : ApiServerMetrics.read(admin, "apiserver_request_total")) {
            Map<String, String> labels = sample.labels();
            if (sample.name().equals("apiserver_request_total")
                    && resources.contains(labels.get("resource"))
                    && labels.getOrDefault("subresource", "").isEmpty()) {
                counts.merge(labels.get("verb"), (long) sample.value(), Long::sum);
            }
        }
        return counts;
    }

    /** What was sent between two counts, by verb (verbs with none left out). */
    public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((verb, n) -> {
            long d = n - before.getOrDefault(verb, 0L);
            if (d != 0) {
                diff.put(verb, d);
            }
        });
        return diff;
    }
}
